"""Telethon (Debian's python3-telethon 1.25, unchanged) over MTProto's HTTP transport against a local
Edgegram server: only the DC address and the added RSA key differ from talking to Telegram.
Prints one JSON object with what each step saw; test/e2e/mtproto/telethon.test.ts checks it."""
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


def client():
    session = MemorySession()
    session.set_dc(2, "127.0.0.1", port)
    return TelegramClient(session, 12345, "0123456789abcdef0123456789abcdef",
                          connection=ConnectionHttp, timeout=20)


async def main():
    out = {}
    first = client()
    await first.connect()
    out["this_dc"] = (await first(functions.help.GetConfigRequest())).this_dc
    phone = args["phone"]
    await first.start(phone=phone, code_callback=code_for(url, phone), first_name="Tele", last_name="Thon")
    me = await first.get_me()
    out["first_name"] = me.first_name

    second = client()
    await second.start(phone=phone, code_callback=code_for(url, phone))
    out["same_user"] = (await second.get_me()).id == me.id
    auths = (await second(functions.account.GetAuthorizationsRequest())).authorizations
    out["authorizations"] = len(auths)
    await second.log_out()
    await first.log_out()

    pw = client()
    await pw.start(phone=args["password_phone"], code_callback=code_for(url, args["password_phone"]),
                   password=args["password"])
    out["password_user"] = (await pw.get_me()).id
    await pw.disconnect()

    bot = client()
    await bot.start(bot_token=args["bot_token"])
    bot_me = await bot.get_me()
    out["bot"] = {"id": bot_me.id, "is_bot": bool(bot_me.bot)}
    await bot.disconnect()
    print(json.dumps(out), flush=True)


asyncio.run(asyncio.wait_for(main(), 120))
