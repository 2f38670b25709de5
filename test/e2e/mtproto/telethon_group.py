"""Telethon (Debian's python3-telethon 1.25, unchanged, its default TCP transport through the dev relay) as
one member of a basic group shared with GramJS, an Edgegram SDK user and a grammY bot: it records every
update the group's changes push to it, and sends and edits its own messages when told. Talks to
test/e2e/mtproto/four-clients.test.ts by lines: prints `READY <json>`, then answers each JSON command
read from stdin with one `DONE <json>` line; `finish` prints what it saw and ends."""
import asyncio
import json
import sys

from telethon import TelegramClient, events, functions, types
from telethon.sessions import MemorySession

from telethon_local import add_server_key, code_for

args = json.loads(sys.argv[1])
url = args["url"]
add_server_key(args["pem"])


async def main():
    session = MemorySession()
    session.set_dc(2, "127.0.0.1", args["tcp_port"])
    client = TelegramClient(session, 12345, "0123456789abcdef0123456789abcdef", timeout=20)
    phone = args["phone"]
    await client.start(phone=phone, code_callback=code_for(url, phone), first_name="Ted", last_name="Thon")
    await client(functions.account.UpdateUsernameRequest(args["username"]))
    seen = {"new": [], "edited": [], "deleted": [], "pinned": [], "reactions": []}

    @client.on(events.NewMessage())
    async def on_new(event):
        if event.raw_text:
            seen["new"].append({"id": event.id, "text": event.raw_text})

    @client.on(events.MessageEdited())
    async def on_edit(event):
        seen["edited"].append({"id": event.id, "text": event.raw_text})

    @client.on(events.MessageDeleted())
    async def on_delete(event):
        seen["deleted"] += list(event.deleted_ids)

    @client.on(events.Raw())
    async def on_raw(update):
        if isinstance(update, types.UpdatePinnedMessages):
            seen["pinned"] += list(update.messages)
        elif isinstance(update, types.UpdateMessageReactions):
            seen["reactions"].append(update.msg_id)

    me = await client.get_me()
    print("READY " + json.dumps({"id": me.id}), flush=True)
    loop = asyncio.get_running_loop()
    while True:
        command = json.loads(await loop.run_in_executor(None, sys.stdin.readline))
        group = types.InputPeerChat(command["chat_id"])
        if command["do"] == "send":
            sent = await client.send_message(group, command["text"])
            print("DONE " + json.dumps({"id": sent.id}), flush=True)
        elif command["do"] == "edit":
            await client.edit_message(group, command["id"], command["text"])
            print("DONE {}", flush=True)
        elif command["do"] == "finish":
            history = await client(functions.messages.GetHistoryRequest(
                peer=group, offset_id=0, offset_date=None, add_offset=0, limit=100, max_id=0, min_id=0, hash=0))
            seen["history"] = [{"id": m.id, "text": m.message} for m in reversed(history.messages)
                               if isinstance(m, types.Message)]
            await client.disconnect()
            print("DONE " + json.dumps(seen), flush=True)
            return


asyncio.run(main())
