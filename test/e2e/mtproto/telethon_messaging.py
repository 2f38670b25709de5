"""Telethon (Debian's python3-telethon 1.25, unchanged but for the HTTP reader fix telethon_flow.py
explains) catches up by updates.getDifference after being offline while messages arrived. Talks to
test/e2e/mtproto/telethon-messaging.test.ts by lines: prints `OFFLINE <json>` and waits for a line on
stdin, then prints one JSON object with what it saw."""
import asyncio
import json
import sys

from telethon import TelegramClient, functions, types
from telethon.network import ConnectionHttp
from telethon.sessions import MemorySession

from telethon_local import add_server_key, code_for, fix_http_reader


fix_http_reader()

args = json.loads(sys.argv[1])
url, port = args["url"], args["port"]
add_server_key(args["pem"])


async def main():
    out = {}
    session = MemorySession()
    session.set_dc(2, "127.0.0.1", port)
    client = TelegramClient(session, 12345, "0123456789abcdef0123456789abcdef",
                            connection=ConnectionHttp, timeout=20)
    phone = args["phone"]
    await client.start(phone=phone, code_callback=code_for(url, phone), first_name="Tele", last_name="Thon")
    await client(functions.account.UpdateUsernameRequest(args["username"]))
    state = await client(functions.updates.GetStateRequest())
    await client.disconnect()
    print("OFFLINE " + json.dumps({"pts": state.pts}), flush=True)
    args.update(json.loads(await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)))

    await client.connect()
    pts, date = state.pts, state.date
    texts, slices = [], 0
    while True:
        d = await client(functions.updates.GetDifferenceRequest(pts=pts, date=date, qts=0, pts_total_limit=50))
        if isinstance(d, types.updates.DifferenceEmpty):
            break
        texts += [m.message for m in d.new_messages if isinstance(m, types.Message)]
        if isinstance(d, types.updates.DifferenceSlice):
            slices += 1
            pts, date = d.intermediate_state.pts, d.intermediate_state.date
        else:
            pts, date = d.state.pts, d.state.date
            break
    out["texts"] = texts
    out["slices"] = slices

    sender = await client.get_entity(args["sender_username"])
    await client.send_message(sender, "caught up")
    history = await client(functions.messages.GetHistoryRequest(
        peer=sender, offset_id=0, offset_date=None, add_offset=0, limit=3, max_id=0, min_id=0, hash=0))
    out["newest"] = [m.message for m in history.messages]
    out["count"] = history.count
    group = types.InputPeerChat(args["chat_id"])
    await client(functions.messages.SendMessageRequest(peer=group, message="telethon in the group"))
    group_history = await client(functions.messages.GetHistoryRequest(
        peer=group, offset_id=0, offset_date=None, add_offset=0, limit=100, max_id=0, min_id=0, hash=0))
    out["group"] = [m.message for m in reversed(group_history.messages) if isinstance(m, types.Message)]
    try:
        await client(functions.messages.SendMessageRequest(
            peer=types.InputPeerUser(sender.id, sender.access_hash ^ 1), message="forged"))
        out["forged"] = "accepted"
    except Exception as e:
        out["forged"] = type(e).__name__ + ": " + str(e)
    await client.disconnect()
    print(json.dumps(out), flush=True)


asyncio.run(main())
