"""Telethon (Debian's python3-telethon 1.25, entirely unchanged: its default TCP transport) through the
dev TCP relay to /apiws: signs up, writes to its saved messages and to an Edgegram SDK user, and gets the
SDK user's answer pushed (events.NewMessage). Talks to test/e2e/mtproto/telethon-tcp.test.ts by lines:
prints `READY <json>`, waits for a line on stdin, then prints one JSON object with what it saw."""
import asyncio
import json
import sys

from telethon import TelegramClient, events
from telethon.sessions import MemorySession

from telethon_local import add_server_key, code_for

args = json.loads(sys.argv[1])
url = args["url"]
add_server_key(args["pem"])


async def main():
    out = {}
    session = MemorySession()
    session.set_dc(2, "127.0.0.1", args["tcp_port"])
    client = TelegramClient(session, 12345, "0123456789abcdef0123456789abcdef", timeout=20)
    phone = args["phone"]
    await client.start(phone=phone, code_callback=code_for(url, phone), first_name="Tcp", last_name="Thon")
    got = asyncio.get_running_loop().create_future()

    @client.on(events.NewMessage(incoming=True))
    async def on_message(event):
        if not got.done():
            got.set_result(event.raw_text)

    await client.send_message("me", "note to self")
    out["saved"] = [m.message for m in await client.get_messages("me", limit=1)]
    peer = await client.get_entity(args["peer_username"])
    await client.send_message(peer, "hello over tcp")
    me = await client.get_me()
    print("READY " + json.dumps({"id": me.id}), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    out["pushed"] = await asyncio.wait_for(got, 20)
    await client.disconnect()
    print(json.dumps(out), flush=True)


asyncio.run(main())
