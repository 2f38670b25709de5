"""Telethon (Debian's python3-telethon 1.25, unchanged: its default TCP transport) used as its users use
it, through its high-level API: three accounts chat, reply, edit, send and download a photo and a file,
pin, react, delete, run a group and a channel, share an invite link, keep an address book and a block
list, and read the settings clients ask for on start. Prints one JSON object with what each step gave,
for test/e2e/mtproto/telethon-everyday.test.ts to check."""
import asyncio
import io
import json
import random
import sys

from telethon import TelegramClient, functions, types
from telethon.sessions import MemorySession

from telethon_local import add_server_key, code_for

args = json.loads(sys.argv[1])
url = args["url"]
add_server_key(args["pem"])
out = {}


async def account(name, phone):
    session = MemorySession()
    session.set_dc(2, "127.0.0.1", args["tcp_port"])
    client = TelegramClient(session, 12345, "0123456789abcdef0123456789abcdef", timeout=20)
    await client.start(phone=phone, code_callback=code_for(url, phone), first_name=name, last_name="Day")
    username = f"{name.lower()}{random.randint(10 ** 6, 10 ** 7)}"
    await client(functions.account.UpdateUsernameRequest(username))
    return client, username


async def main():
    ann, ann_name = await account("Ann", args["phones"][0])
    ben, ben_name = await account("Ben", args["phones"][1])
    cid, cid_name = await account("Cid", args["phones"][2])

    # A private chat: markdown, a reply, an edit, reading by ids and by search.
    hello = await ann.send_message(ben_name, "hello **Ben**")
    reply = await ann.send_message(ben_name, "and a reply", reply_to=hello)
    await ann.edit_message(ben_name, hello, "hello again **Ben**")
    by_ids = await ann.get_messages(ben_name, ids=[hello.id, reply.id, reply.id + 10_000])
    out["by_ids"] = [m.message if m else None for m in by_ids]
    out["reply_to"] = reply.reply_to_msg_id == hello.id
    out["search"] = [m.message for m in await ann.get_messages(ben_name, search="reply")]
    bens = await ben.get_messages(ann_name, limit=10)
    out["ben_sees"] = [m.message for m in reversed(bens)]
    out["ben_bold"] = [type(e).__name__ for e in (bens[-1].entities or [])]
    await ben.send_read_acknowledge(ann_name)
    dialogs = await ann.get_dialogs()
    out["ann_dialog_read_outbox"] = dialogs[0].dialog.read_outbox_max_id == reply.id

    # Files: a photo and a document, downloaded by the other side.
    await ann.send_file(ben_name, args["photo_path"], caption="a photo")
    doc = io.BytesIO(bytes(range(256)) * 1200)
    doc.name = "data.bin"
    await ann.send_file(ben_name, doc, force_document=True)
    got = await ben.get_messages(ann_name, limit=2)
    photo_msg = next(m for m in got if m.photo)
    doc_msg = next(m for m in got if m.document)
    out["photo_caption"] = photo_msg.message
    out["photo_bytes"] = len(await ben.download_media(photo_msg, file=bytes))
    out["photo_sizes"] = [s.type for s in photo_msg.photo.sizes]
    out["doc_ok"] = (await ben.download_media(doc_msg, file=bytes)) == bytes(range(256)) * 1200

    # Pin, react, delete for everyone.
    await ann.pin_message(ben_name, reply)
    await ben(functions.messages.SendReactionRequest(peer=ann_name, msg_id=bens[0].id, reaction="👍"))
    await ann.delete_messages(ben_name, [reply.id])
    out["after_delete"] = [m.message for m in reversed(await ben.get_messages(ann_name, limit=10)) if m.message]

    # A basic group: made, renamed, a member removed, left by another.
    made = await ann(functions.messages.CreateChatRequest(users=[ben_name, cid_name], title="Everyday"))
    group = made.chats[0]
    await ann.send_message(group, "hi group")
    await ann(functions.messages.EditChatTitleRequest(chat_id=group.id, title="Everyday 2"))
    await ann(functions.messages.DeleteChatUserRequest(chat_id=group.id, user_id=cid_name))
    out["group_members"] = sorted(u.first_name for u in await ann.get_participants(group))
    await ben.delete_dialog(group)
    out["group_after_leave"] = sorted(u.first_name for u in await ann.get_participants(group))

    # A channel with an invite link Cid checks and joins by.
    made = await ann(functions.channels.CreateChannelRequest(title="Daily", about="news", broadcast=True))
    channel = made.chats[0]
    await ann.send_message(channel, "first post")
    link = await ann(functions.messages.ExportChatInviteRequest(peer=channel))
    invite_hash = link.link.split("+")[-1]
    checked = await cid(functions.messages.CheckChatInviteRequest(invite_hash))
    out["invite_title"] = checked.title
    await cid(functions.messages.ImportChatInviteRequest(invite_hash))
    cids_channel = next(d.entity for d in await cid.get_dialogs() if d.is_channel)
    out["cid_reads_channel"] = [m.message for m in await cid.get_messages(cids_channel, limit=5) if m.message]

    # Address book and block list.
    await ann(functions.contacts.AddContactRequest(id=cid_name, first_name="Cid", last_name="", phone=""))
    out["contacts"] = [u.first_name for u in (await ann(functions.contacts.GetContactsRequest(hash=0))).users]
    await ann(functions.contacts.BlockRequest(id=cid_name))
    out["blocked"] = [u.first_name for u in (await ann(functions.contacts.GetBlockedRequest(offset=0, limit=10))).users]
    await ann(functions.contacts.UnblockRequest(id=cid_name))

    # A profile photo: set by Ann, shown to Ben and downloaded by him, then deleted.
    await ann(functions.photos.UploadProfilePhotoRequest(file=await ann.upload_file(args["photo_path"])))
    ann_for_ben = await ben.get_entity(ann_name)
    out["ben_sees_photo"] = type(ann_for_ben.photo).__name__
    out["profile_photo_ok"] = (await ben.download_profile_photo(ann_for_ben, file=bytes)) == open(args["photo_path"], "rb").read()
    photos = await ben.get_profile_photos(ann_name)
    out["profile_photos"] = len(photos)
    deleted = await ann(functions.photos.DeletePhotosRequest(id=[types.InputPhoto(
        id=photos[0].id, access_hash=(await ann.get_profile_photos("me"))[0].access_hash,
        file_reference=photos[0].file_reference)]))
    out["deleted_photos"] = len(deleted)
    out["profile_photos_after"] = len(await ben.get_profile_photos(ann_name))

    # What clients read on start.
    out["app_config"] = type(await ann(functions.help.GetAppConfigRequest())).__name__
    out["folders"] = await ann(functions.messages.GetDialogFiltersRequest())
    privacy = await ann(functions.account.GetPrivacyRequest(key=types.InputPrivacyKeyStatusTimestamp()))
    out["privacy"] = [type(r).__name__ for r in privacy.rules]
    found = await ann(functions.messages.SearchGlobalRequest(
        q="again", filter=types.InputMessagesFilterEmpty(), min_date=None, max_date=None, offset_rate=0,
        offset_peer=types.InputPeerEmpty(), offset_id=0, limit=10))
    out["global_search"] = [m.message for m in found.messages]

    # Clearing a private chat for oneself.
    await ben.delete_dialog(ann_name)
    out["ben_after_clear"] = len(await ben.get_messages(ann_name, limit=10))
    out["ann_after_ben_clears"] = len(await ann.get_messages(ben_name, limit=10)) > 0

    for c in (ann, ben, cid):
        await c.disconnect()
    print(json.dumps(out), flush=True)


asyncio.run(main())
