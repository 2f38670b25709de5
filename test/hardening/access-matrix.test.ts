/**
 * The access-control matrix: for every RPC in the registry, Mallory (a
 * signed-in stranger) aims at Alice's and Bob's chats, messages, media,
 * uploads, devices and bots. Methods that take such a target must refuse;
 * methods without one must not leak anything. A method added to the
 * registry without a row here fails the first test.
 */
import { describe, expect, it } from "vitest";
import { methods } from "../../protocol/rpc/index.ts";
import { RawDevice, signUpRaw } from "../gateway/raw-device.ts";

interface World {
  alice: { id: number; authKeyId: string };
  bob: { id: number };
  mallory: { id: number };
  privateMsg: number;
  group: number;
  groupMsg: number;
  channel: number;
  channelMsg: number;
  media: { media_id: string; access_hash: string };
  aliceFileId: string;
  bot: number;
  secret: string;
}

type Probe = (w: World) => unknown;
/** refuse: Mallory's call must fail with 4xx. none: no foreign target; `leak` checks the answer. */
type Row = { refuse: Probe } | { none: string; probe?: Probe; leak?: (result: unknown, w: World) => void };

const peerUser = (id: number) => ({ _: "user", id });
const peerChat = (id: number) => ({ _: "chat", id });
const peerChannel = (id: number) => ({ _: "channel", id });
const noSecret = (result: unknown, w: World) => expect(JSON.stringify(result)).not.toContain(w.secret);

const matrix: Record<string, Row> = {
  "help.getConfig": { none: "server configuration" },
  initConnection: { none: "names the caller's own device" },
  "auth.sendCode": { none: "sign-in for a phone; codes go to the phone's owner only" },
  "auth.signIn": { none: "needs the code delivered to the phone's owner" },
  "auth.signUp": { none: "needs a verified code" },
  "auth.checkPassword": { none: "only after the caller passed a code" },
  "auth.getPasswordSrp": { none: "the caller's own pending sign-in (after a code)" },
  "auth.checkPasswordSrp": { none: "only after the caller passed a code" },
  // A stranger holding only the bot's id, not its token, must not sign in as it.
  "auth.importBotAuthorization": {
    refuse: (w) => ({ bot_auth_token: `${w.bot}:forged-secret-AAAAAAAAAAAAAAAAAAAAAAAAA` }),
  },
  "auth.logOut": { none: "the caller's own device" },
  "account.getPassword": { none: "the caller's own account" },
  "account.updatePasswordSettings": { none: "the caller's own account" },
  "photos.uploadProfilePhoto": { none: "the caller's own upload becomes the caller's own photo" },
  "photos.getUserPhotos": { none: "profile photos are public to signed-in users, as on Telegram" },
  "photos.deletePhotos": { none: "the caller's own photos" },
  "messages.saveDraft": { none: "the caller's own drafts (another user's chat key is never read)" },
  "messages.getAllDrafts": { none: "the caller's own drafts" },
  "contacts.importContacts": { none: "the caller's own address book (found users are public profiles)" },
  "account.getPasswordSrp": { none: "the caller's own account and device" },
  "account.updatePasswordSrp": { none: "the caller's own account" },
  "account.getAuthorizations": {
    none: "the caller's own devices",
    probe: () => ({}),
    leak: (r, w) => expect(JSON.stringify(r)).not.toContain(w.alice.authKeyId),
  },
  "account.resetAuthorization": { refuse: (w) => ({ hash: w.alice.authKeyId }) },
  "account.updateProfile": { none: "the caller's own profile" },
  "account.updateUsername": { none: "the caller's own username" },
  "account.updateStatus": { none: "the caller's own presence" },
  "users.getFullUser": {
    none: "public profile",
    probe: (w) => ({ id: w.alice.id }),
    leak: (r) => expect((r as { user: { phone?: string } }).user.phone).toBeUndefined(),
  },
  "users.getUsers": {
    none: "public profiles",
    probe: (w) => ({ ids: [w.alice.id, w.bob.id] }),
    leak: (r) => expect((r as { phone?: string }[]).every((u) => u.phone === undefined)).toBe(true),
  },
  "contacts.resolveUsername": { none: "public usernames" },
  "contacts.search": { none: "public names and usernames" },
  "contacts.addContact": { none: "the caller's own contact list" },
  "contacts.deleteContacts": { none: "the caller's own contact list" },
  "contacts.getContacts": { none: "the caller's own contact list" },
  "contacts.block": { none: "the caller's own block list" },
  "contacts.unblock": { none: "the caller's own block list" },
  "contacts.getBlocked": { none: "the caller's own block list" },
  "messages.sendMessage": {
    refuse: (w) => ({ peer: peerChat(w.group), message: "let me in", random_id: "1" }),
  },
  "messages.sendMedia": {
    refuse: (w) => ({ peer: peerUser(w.bob.id), media: w.media, random_id: "2" }),
  },
  "messages.editMessage": { refuse: (w) => ({ peer: peerChat(w.group), id: w.groupMsg, message: "edited" }) },
  "messages.deleteMessages": { refuse: (w) => ({ peer: peerChat(w.group), id: [w.groupMsg], revoke: true }) },
  "messages.forwardMessages": {
    refuse: (w) => ({
      from_peer: peerChat(w.group),
      to_peer: peerUser(w.mallory.id),
      id: [w.groupMsg],
      random_id: ["3"],
    }),
  },
  "messages.sendReaction": { refuse: (w) => ({ peer: peerChat(w.group), msg_id: w.groupMsg, reaction: ["👍"] }) },
  "messages.updatePinnedMessage": { refuse: (w) => ({ peer: peerChat(w.group), id: w.groupMsg }) },
  "messages.sendVote": { refuse: (w) => ({ peer: peerChat(w.group), msg_id: w.groupMsg, options: ["0"] }) },
  "messages.stopPoll": { refuse: (w) => ({ peer: peerChat(w.group), id: w.groupMsg }) },
  "messages.editLiveLocation": { refuse: (w) => ({ peer: peerChat(w.group), id: w.groupMsg, stop: true }) },
  "messages.getInlineBotResults": { refuse: (w) => ({ bot: w.bot, peer: peerChat(w.group), query: "x" }) },
  "messages.sendInlineBotResult": {
    refuse: (w) => ({ bot: w.bot, peer: peerChat(w.group), query_id: "1", id: "a", random_id: "1" }),
  },
  // Alice's group message was not posted via Mallory: nothing to edit.
  "messages.editInlineBotMessage": { refuse: (w) => ({ id: `chat-${w.group}-${w.groupMsg}`, message: "x" }) },
  "messages.deleteReactions": { refuse: (w) => ({ peer: peerChat(w.group), user_id: w.bob.id, msg_id: w.groupMsg }) },
  "messages.getPollVotes": { refuse: (w) => ({ peer: peerChat(w.group), id: w.groupMsg }) },
  "messages.readHistory": { refuse: (w) => ({ peer: peerChat(w.group) }) },
  "messages.setTyping": { refuse: (w) => ({ peer: peerChat(w.group), action: "sendMessageTypingAction" }) },
  "messages.getHistory": { refuse: (w) => ({ peer: peerChat(w.group) }) },
  "messages.getMessages": { refuse: (w) => ({ peer: peerChannel(w.channel), id: [w.channelMsg] }) },
  "messages.search": { refuse: (w) => ({ peer: peerChat(w.group), q: w.secret }) },
  "messages.getDialogs": { none: "the caller's own dialogs", probe: () => ({}), leak: noSecret },
  "messages.toggleDialogPin": { refuse: (w) => ({ peer: peerChat(w.group), pinned: true }) },
  "messages.reorderPinnedDialogs": { refuse: (w) => ({ order: [peerChannel(w.channel)], force: true }) },
  "folders.editPeerFolders": { refuse: (w) => ({ folder_peers: [{ peer: peerUser(w.bob.id), folder_id: 1 }] }) },
  "account.updateNotifySettings": { refuse: (w) => ({ peer: peerChat(w.group), settings: { mute_until: 1 } }) },
  "account.getNotifySettings": { refuse: (w) => ({ peer: peerUser(w.alice.id) }) },
  "messages.deleteHistory": { refuse: (w) => ({ peer: peerChat(w.group), revoke: true }) },
  "messages.getFullChat": { refuse: (w) => ({ peer: peerChat(w.group) }) },
  "messages.createChat": { none: "creates a new chat (members are the caller's choice, as in Telegram)" },
  "messages.addChatUser": { refuse: (w) => ({ chat_id: w.group, user_id: w.mallory.id }) },
  "messages.deleteChatUser": { refuse: (w) => ({ chat_id: w.group, user_id: w.bob.id }) },
  "messages.editChatTitle": { refuse: (w) => ({ chat_id: w.group, title: "owned" }) },
  "messages.editChatAdmin": { refuse: (w) => ({ chat_id: w.group, user_id: w.mallory.id, is_admin: true }) },
  "messages.getBotCallbackAnswer": { refuse: (w) => ({ peer: peerChat(w.group), msg_id: w.groupMsg, data: "x" }) },
  // Only a bot answers its own callback queries; a query id is no capability for anyone else.
  "messages.setBotCallbackAnswer": { refuse: () => ({ query_id: "12345678901234567", message: "owned" }) },
  "messages.uploadMedia": { refuse: (w) => ({ file_id: w.aliceFileId, parts: 1 }) },
  "channels.createChannel": { none: "creates a new channel" },
  "channels.joinChannel": { refuse: (w) => ({ channel_id: w.channel }) },
  "channels.leaveChannel": { refuse: (w) => ({ channel_id: w.channel }) },
  "channels.inviteToChannel": { refuse: (w) => ({ channel_id: w.channel, users: [w.mallory.id] }) },
  "channels.editAdmin": { refuse: (w) => ({ channel_id: w.channel, user_id: w.mallory.id, is_admin: true }) },
  "channels.editTitle": { refuse: (w) => ({ channel_id: w.channel, title: "owned" }) },
  "channels.editBanned": {
    refuse: (w) => ({ channel_id: w.channel, user_id: w.bob.id, banned_rights: { view_messages: true } }),
  },
  "channels.getParticipant": { refuse: (w) => ({ channel_id: w.channel, user_id: w.alice.id }) },
  "channels.getParticipants": { refuse: (w) => ({ channel_id: w.channel }) },
  "channels.toggleForum": { refuse: (w) => ({ channel_id: w.channel, enabled: true }) },
  "channels.createForumTopic": { refuse: (w) => ({ channel_id: w.channel, title: "owned" }) },
  "channels.editForumTopic": { refuse: (w) => ({ channel_id: w.channel, topic_id: 1, title: "owned" }) },
  "channels.deleteTopicHistory": { refuse: (w) => ({ channel_id: w.channel, top_msg_id: 1 }) },
  "channels.getForumTopics": { refuse: (w) => ({ channel_id: w.channel }) },
  "messages.unpinAllMessages": { refuse: (w) => ({ peer: peerChat(w.group) }) },
  "messages.editChatPhoto": { refuse: (w) => ({ peer: peerChat(w.group) }) },
  "messages.editChatAbout": { refuse: (w) => ({ peer: peerChannel(w.channel), about: "owned" }) },
  "messages.editChatDefaultBannedRights": {
    refuse: (w) => ({ peer: peerChat(w.group), banned_rights: { send_messages: true } }),
  },
  "messages.exportChatInvite": { refuse: (w) => ({ peer: peerChannel(w.channel) }) },
  "messages.editExportedChatInvite": { refuse: (w) => ({ peer: peerChat(w.group), link: "x", revoked: true }) },
  // A link's hash names its chat behind 16 random characters: guessing them gets nothing.
  "messages.checkChatInvite": { refuse: (w) => ({ hash: `AAAAAAAAAAAAAAAAc${w.channel.toString(36)}` }) },
  "messages.importChatInvite": { refuse: (w) => ({ hash: `AAAAAAAAAAAAAAAAg${w.group.toString(36)}` }) },
  "messages.hideChatJoinRequest": {
    refuse: (w) => ({ peer: peerChannel(w.channel), user_id: w.bob.id, approved: true }),
  },
  "messages.sendMultiMedia": {
    refuse: (w) => ({ peer: peerChat(w.group), multi_media: [{ media: w.media, random_id: "5" }] }),
  },
  "updates.getState": { none: "the caller's own update state" },
  "updates.getDifference": { none: "the caller's own update log", probe: () => ({ pts: 0 }), leak: noSecret },
  "updates.getChannelDifference": { refuse: (w) => ({ channel_id: w.channel, pts: 0 }) },
  "bots.createBot": { none: "creates a bot owned by the caller" },
  "bots.revokeToken": { refuse: (w) => ({ bot_id: w.bot }) },
  "bots.getBotFather": { none: "the shared BotFather account" },
  "bots.setPrivacy": { refuse: (w) => ({ bot_id: w.bot, enabled: false }) },
  "upload.saveFilePart": { none: "file ids are per user: Mallory's parts land in Mallory's own upload" },
  "upload.saveBigFilePart": { none: "file ids are per user" },
  "upload.getUploadState": {
    none: "file ids are per user",
    probe: (w) => ({ file_id: w.aliceFileId }),
    leak: (r) => expect((r as { parts: number[] }).parts).toEqual([]),
  },
  "upload.getFile": { refuse: (w) => ({ ...w.media, offset: 0, limit: 1024 }) },
  "upload.getFileUrl": { refuse: (w) => ({ ...w.media }) },
  // Sticker sets: only bots make them, from their own files; only the bot that made a set edits it.
  "stickers.createStickerSet": {
    refuse: (w) => ({
      user_id: w.alice.id,
      name: "owned_by_mallory",
      title: "t",
      stickers: [{ ...w.media, format: "static", emoji: ["😀"] }],
    }),
  },
  "stickers.addStickerToSet": {
    refuse: (w) => ({ name: "owned", sticker: { ...w.media, format: "static", emoji: ["😀"] } }),
  },
  "stickers.replaceSticker": {
    refuse: (w) => ({
      name: "owned",
      old_sticker: w.media.media_id,
      sticker: { ...w.media, format: "static", emoji: ["😀"] },
    }),
  },
  "stickers.removeStickerFromSet": { refuse: (w) => ({ sticker: w.media.media_id }) },
  "stickers.changeStickerPosition": { refuse: (w) => ({ sticker: w.media.media_id, position: 0 }) },
  "stickers.changeSticker": { refuse: (w) => ({ sticker: w.media.media_id, emoji: ["😀"] }) },
  "stickers.renameStickerSet": { refuse: () => ({ name: "owned", title: "t" }) },
  "stickers.setStickerSetThumb": { refuse: (w) => ({ name: "owned", thumb: w.media }) },
  "stickers.deleteStickerSet": { refuse: () => ({ name: "owned" }) },
  "messages.getStickerSet": { none: "sticker sets are public to signed-in users, as on Telegram" },
  "messages.getSetStickers": { none: "only files already in a (public) set are answered" },
  "channels.setStickers": { refuse: (w) => ({ channel_id: w.channel, name: null }) },
  "channels.getStickers": { refuse: (w) => ({ channel_id: w.channel }) },
};

async function buildWorld(): Promise<{ world: World; mallory: RawDevice }> {
  const secret = `secret${Date.now()}`;
  const aliceDev = await RawDevice.connect();
  const bobDev = await RawDevice.connect();
  const malloryDev = await RawDevice.connect();
  const alice = await signUpRaw(aliceDev, "Alice");
  const bob = await signUpRaw(bobDev, "Bob");
  const mallory = await signUpRaw(malloryDev, "Mallory");
  const sent = (p: unknown) => (p as { message: { id: number } }).message.id;
  const privateMsg = sent(
    await aliceDev.call("messages.sendMessage", { peer: peerUser(bob.id), message: `${secret} dm`, random_id: "11" }),
  );
  const { chat: group } = (await aliceDev.call("messages.createChat", { title: "Family", users: [bob.id] })) as {
    chat: { id: number };
  };
  const groupMsg = sent(
    await aliceDev.call("messages.sendMessage", {
      peer: peerChat(group.id),
      message: `${secret} group`,
      random_id: "12",
    }),
  );
  const { chat: channel } = (await aliceDev.call("channels.createChannel", { title: "Private news" })) as {
    chat: { id: number };
  };
  const channelMsg = sent(
    await aliceDev.call("messages.sendMessage", {
      peer: peerChannel(channel.id),
      message: `${secret} post`,
      random_id: "13",
    }),
  );
  const part = new TextEncoder().encode(`${secret} file`);
  const upload = aliceDev.frame(
    { _: "rpc", method: "upload.saveFilePart", params: { file_id: "alicefile1", file_part: 0 } },
    { blob: part },
  );
  aliceDev.send(upload.frame);
  await aliceDev.answer(upload.msgId);
  const media = (await aliceDev.call("messages.uploadMedia", {
    file_id: "alicefile1",
    parts: 1,
    mime_type: "text/plain",
  })) as {
    media_id: string;
    access_hash: string;
  };
  await aliceDev.call("messages.sendMedia", {
    peer: peerUser(bob.id),
    media: { media_id: media.media_id, access_hash: media.access_hash },
    random_id: "14",
  });
  // An upload Alice started and has not finished.
  const pending = aliceDev.frame(
    { _: "rpc", method: "upload.saveFilePart", params: { file_id: "alicefile2", file_part: 0 } },
    { blob: part },
  );
  aliceDev.send(pending.frame);
  await aliceDev.answer(pending.msgId);
  const bot = (await aliceDev.call("bots.createBot", {
    first_name: "Helper",
    username: `helper${Date.now() % 1_000_000}bot`,
  })) as { user: { id: number } };
  return {
    mallory: malloryDev,
    world: {
      alice: { id: alice.id, authKeyId: aliceDev.authKeyId },
      bob,
      mallory,
      privateMsg,
      group: group.id,
      groupMsg,
      channel: channel.id,
      channelMsg,
      media: { media_id: media.media_id, access_hash: media.access_hash },
      aliceFileId: "alicefile2",
      bot: bot.user.id,
      secret,
    },
  };
}

describe("access-control matrix", () => {
  it("Should have a row for every method in the RPC registry", () => {
    const missing = Object.keys(methods).filter((m) => !(m in matrix));
    const stale = Object.keys(matrix).filter((m) => !(m in methods));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it("Should refuse a stranger everywhere a method takes someone else's chat, message, media, upload, device or bot", async () => {
    const { world, mallory } = await buildWorld();
    const failures: string[] = [];
    for (const [name, row] of Object.entries(matrix)) {
      if ("refuse" in row) {
        const outcome = await mallory.call(name, row.refuse(world)).then(
          (r) => `answered ${JSON.stringify(r).slice(0, 120)}`,
          (e: Error) => e.message,
        );
        if (!/^4\d\d /.test(outcome)) failures.push(`${name}: ${outcome}`);
        else if (outcome.includes(world.secret)) failures.push(`${name}: error leaks content: ${outcome}`);
      } else if (row.probe && row.leak) {
        const result = await mallory.call(name, row.probe(world));
        try {
          row.leak(result, world);
        } catch (e) {
          failures.push(`${name}: leaks: ${(e as Error).message}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
