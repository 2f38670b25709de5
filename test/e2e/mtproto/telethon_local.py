"""What every Telethon script of the e2e tests shares: the server's RSA key added, the dev sign-in
codes read, and (for the HTTP transport) Telethon 1.25's HTTP reader fixed. Imported by the scripts
beside it; nothing else in Telethon changes. The scripts keep Telethon's default connection retries:
Telethon writes the auth key without its leading zero bytes, so one handshake in 256 fails its own
check against a server that keeps all 256 (Telegram's, tdlib's and ours), and it retries."""
import asyncio
import json
import urllib.request

from telethon.crypto import rsa
from telethon.network.connection import http as telethon_http


async def _read_packet(self, reader):
    """Telethon 1.25's HttpPacketCodec.read_packet, with its one bug fixed: it compares line[-1] (an int
    in Python 3) with b'\\n' (bytes), so every response looks truncated and no HTTP connection can work,
    against any server."""
    while True:
        line = await reader.readline()
        if not line or line[-1] != 0x0A:
            raise asyncio.IncompleteReadError(line, None)
        if line.lower().startswith(b"content-length: "):
            await reader.readexactly(2)
            return await reader.readexactly(int(line[16:-2]))


def fix_http_reader():
    telethon_http.HttpPacketCodec.read_packet = _read_packet


def add_server_key(pem):
    rsa.add_key(pem, old=False)


def code_for(url, phone):
    """A code_callback reading the sign-in code the local server keeps at /dev/codes/<phone>."""
    def read():
        with urllib.request.urlopen(f"{url}/dev/codes/{urllib.request.quote(phone)}") as r:
            return json.loads(r.read())["code"]
    return read
