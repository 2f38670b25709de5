"""Telethon (Debian's python3-telethon 1.25, unchanged) over MTProto's HTTP transport against a local
Edgegram server: only the DC address and the added RSA key differ from talking to Telegram.
Prints one JSON object with what each step saw; test/e2e/mtproto/telethon.test.ts checks it."""
import asyncio
import json
import sys
import urllib.request

from telethon import TelegramClient, functions, types
from telethon.crypto import rsa
from telethon.network import ConnectionHttp
from telethon.network.connection import http as telethon_http
from telethon.sessions import MemorySession


async def read_packet(self, reader):
    """Telethon 1.25's HttpPacketCodec.read_packet, with its one bug fixed: it compares line[-1] (an int
    in Python 3) with b'\\n' (bytes), so every response looks truncated and no HTTP connection can work,
    against any server. This is the only change made to the library."""
    while True:
        line = await reader.readline()
        if not line or line[-1] != 0x0A:
            raise asyncio.IncompleteReadError(line, None)
        if line.lower().startswith(b"content-length: "):
            await reader.readexactly(2)
            return await reader.readexactly(int(line[16:-2]))


telethon_http.HttpPacketCodec.read_packet = read_packet

args = json.loads(sys.argv[1])
url, port = args["url"], args["port"]
rsa.add_key(args["pem"], old=False)


def code_for(phone):
    def read():
        with urllib.request.urlopen(f"{url}/dev/codes/{urllib.request.quote(phone)}") as r:
            return json.loads(r.read())["code"]
    return read


def client():
    session = MemorySession()
    session.set_dc(2, "127.0.0.1", port)
    return TelegramClient(session, 12345, "0123456789abcdef0123456789abcdef",
                          connection=ConnectionHttp, connection_retries=1, timeout=20)


async def main():
    out = {}
    first = client()
    await first.connect()
    out["this_dc"] = (await first(functions.help.GetConfigRequest())).this_dc
    phone = args["phone"]
    await first.start(phone=phone, code_callback=code_for(phone), first_name="Tele", last_name="Thon")
    me = await first.get_me()
    out["first_name"] = me.first_name

    second = client()
    await second.start(phone=phone, code_callback=code_for(phone))
    out["same_user"] = (await second.get_me()).id == me.id
    auths = (await second(functions.account.GetAuthorizationsRequest())).authorizations
    out["authorizations"] = len(auths)
    await second.log_out()
    await first.log_out()

    pw = client()
    await pw.start(phone=args["password_phone"], code_callback=code_for(args["password_phone"]),
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
