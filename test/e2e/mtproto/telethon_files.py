"""Telethon (Debian's python3-telethon 1.25, unchanged but for the HTTP reader fix telethon_flow.py
explains) moves files over MTProto's HTTP transport: uploads a 20 MB document (upload.saveBigFilePart,
512 KiB parts) to an Edgegram SDK user and downloads the photo that user sent it. Talks to
test/e2e/mtproto/telethon-files.test.ts by lines: prints `READY`, waits for a line on stdin, then prints
one JSON object with what it did."""
import asyncio
import hashlib
import json
import os
import random
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


async def main():
    out = {}
    session = MemorySession()
    session.set_dc(2, "127.0.0.1", port)
    client = TelegramClient(session, 12345, "0123456789abcdef0123456789abcdef",
                            connection=ConnectionHttp, timeout=30)
    phone = args["phone"]
    await client.start(phone=phone, code_callback=code_for(url, phone), first_name="Tele", last_name="Files")
    await client(functions.account.UpdateUsernameRequest(args["username"]))
    print("READY", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)

    peer = await client.get_entity(args["peer_username"])
    data = random.Random(args["seed"]).randbytes(args["size"])
    path = os.path.join(tempfile.mkdtemp(), "big.bin")
    with open(path, "wb") as f:
        f.write(data)
    sent = await client.send_file(peer, path, force_document=True, caption="twenty megabytes")
    out["doc_sha256"] = hashlib.sha256(data).hexdigest()
    out["doc_size"] = sent.media.document.size
    out["doc_name"] = next(a.file_name for a in sent.media.document.attributes
                           if isinstance(a, types.DocumentAttributeFilename))

    photos = [m for m in await client.get_messages(peer, limit=10) if isinstance(m.media, types.MessageMediaPhoto)]
    photo = photos[0]
    out["photo_sizes"] = [s.type for s in photo.media.photo.sizes]
    blob = await client.download_media(photo, file=bytes)
    out["photo_sha256"] = hashlib.sha256(blob).hexdigest()
    small = await client.download_media(photo, file=bytes, thumb=0)
    out["thumb_len"] = len(small)
    await client.disconnect()
    print(json.dumps(out), flush=True)


asyncio.run(main())
