"""Telethon (Debian's python3-telethon 1.25, unchanged but for the HTTP reader fix telethon_flow.py explains)
beside the web client and GramJS, for test/browser/telegram-clients-files.test.ts: downloads every size of
the photo a web client user sent it (and decodes each one's dimensions), then uploads a 20 MB document
(upload.saveBigFilePart) to that user and sends the same document to a GramJS user. Talks to the test by
lines: prints `READY`, waits for a JSON line naming the two peers, then prints one JSON object."""
import asyncio
import hashlib
import json
import os
import random
import struct
import sys
import tempfile

from telethon import TelegramClient, functions, types
from telethon.network import ConnectionHttp
from telethon.sessions import MemorySession

from telethon_local import add_server_key, code_for, fix_http_reader


fix_http_reader()

args = json.loads(sys.argv[1])
url, port = args["url"], args["port"]
add_server_key(args["pem"])


def image_size(data):
    """Width and height from a PNG's IHDR or a JPEG's SOF marker (what an image viewer would decode)."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return struct.unpack(">II", data[16:24])
    if data[:2] == b"\xff\xd8":
        i = 2
        while i < len(data):
            marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2):
                h, w = struct.unpack(">HH", data[i + 5:i + 9])
                return w, h
            i += 2 + length
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        if data[12:16] == b"VP8 ":
            w, h = struct.unpack("<HH", data[26:30])
            return w & 0x3FFF, h & 0x3FFF
        if data[12:16] == b"VP8L":
            b = int.from_bytes(data[21:25], "little")
            return (b & 0x3FFF) + 1, ((b >> 14) & 0x3FFF) + 1
    raise ValueError(f"not an image: {data[:16]!r}")


async def main():
    out = {}
    session = MemorySession()
    session.set_dc(2, "127.0.0.1", port)
    client = TelegramClient(session, 12345, "0123456789abcdef0123456789abcdef",
                            connection=ConnectionHttp, timeout=30)
    phone = args["phone"]
    await client.start(phone=phone, code_callback=code_for(url, phone), first_name=args["first_name"])
    await client(functions.account.UpdateUsernameRequest(args["username"]))
    print("READY", flush=True)
    peers = json.loads(await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline))

    # The web client user wrote first: find them among the dialogs, and their photo.
    dialogs = await client.get_dialogs()
    web = next(d.entity for d in dialogs
               if isinstance(d.entity, types.User) and d.entity.first_name == peers["web_first_name"])
    photo_msg = next(m for m in await client.get_messages(web, limit=10) if isinstance(m.media, types.MessageMediaPhoto))
    sizes = []
    for size in photo_msg.media.photo.sizes:
        blob = await client.download_media(photo_msg, file=bytes, thumb=size)
        w, h = image_size(blob)
        sizes.append({"type": size.type, "w": size.w, "h": size.h, "size": size.size,
                      "bytes": len(blob), "decoded_w": w, "decoded_h": h,
                      "sha256": hashlib.sha256(blob).hexdigest()})
    out["photo_sizes"] = sizes

    data = random.Random(args["seed"]).randbytes(args["size"])
    path = os.path.join(tempfile.mkdtemp(), "twenty.bin")
    with open(path, "wb") as f:
        f.write(data)
    sent = await client.send_file(web, path, force_document=True, caption="twenty megabytes")
    gram = await client.get_entity(peers["gram_username"])
    await client.send_file(gram, sent.media.document, caption="the same twenty megabytes")
    out["doc_sha256"] = hashlib.sha256(data).hexdigest()
    out["doc_size"] = sent.media.document.size
    await client.disconnect()
    print(json.dumps(out), flush=True)


asyncio.run(main())
