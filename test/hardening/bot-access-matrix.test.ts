/**
 * The Bot API side of the access-control matrix: a stranger bot aims every
 * Bot API method at a group it is not in, at another bot's messages and at
 * another bot's file. Every method in the dispatch table needs a row.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { METHODS } from "../../workers/bot-api/dispatch.ts";
import { API, botCall, ownerWithBot } from "../bot-api/helpers.ts";
import { makePng } from "../media/png.ts";
import { person, randomId, say } from "../messaging/people.ts";

interface World {
  group: number;
  groupMsg: number;
  fileId: string;
  alice: number;
  bob: number;
  /** A sticker set Alice's bot made, and its one sticker. */
  set: string;
  setSticker: string;
}

type Row = { refuse: (w: World) => Record<string, unknown> } | { none: string };

const inGroup = (w: World) => ({ chat_id: -w.group });

const botMatrix: Record<string, Row> = {
  getme: { none: "the bot itself" },
  logout: { none: "the bot's own session" },
  close: { none: "the bot's own session" },
  getupdates: { none: "the bot's own queue" },
  setwebhook: { none: "the bot's own webhook" },
  deletewebhook: { none: "the bot's own webhook" },
  getwebhookinfo: { none: "the bot's own webhook" },
  setmycommands: { none: "the bot's own commands" },
  getmycommands: { none: "the bot's own commands" },
  deletemycommands: { none: "the bot's own commands" },
  getuserprofilephotos: { none: "public profile photos, as Telegram" },
  setmyname: { none: "the bot's own profile" },
  getmyname: { none: "the bot's own profile" },
  setmydescription: { none: "the bot's own profile" },
  getmydescription: { none: "the bot's own profile" },
  setmyshortdescription: { none: "the bot's own profile" },
  getmyshortdescription: { none: "the bot's own profile" },
  setchatmenubutton: { none: "the bot's own menu button, kept by the bot and shown only in its own chats" },
  getchatmenubutton: { none: "the bot's own menu button" },
  setmydefaultadministratorrights: { none: "the bot's own request for rights; grants nothing" },
  getmydefaultadministratorrights: { none: "the bot's own request for rights" },
  setmyprofilephoto: { none: "the bot's own photo, from a file uploaded with the request" },
  removemyprofilephoto: { none: "the bot's own photo" },
  answercallbackquery: { refuse: () => ({ callback_query_id: "999999999:1" }) },
  answerinlinequery: { refuse: () => ({ inline_query_id: "999999999", results: [] }) },
  editmessagelivelocation: {
    refuse: (w) => ({ ...inGroup(w), message_id: w.groupMsg, latitude: 1, longitude: 2 }),
  },
  stopmessagelivelocation: { refuse: (w) => ({ ...inGroup(w), message_id: w.groupMsg }) },
  deletemessagereaction: { refuse: (w) => ({ ...inGroup(w), message_id: w.groupMsg, user_id: w.bob }) },
  deleteallmessagereactions: { refuse: (w) => ({ ...inGroup(w), user_id: w.bob }) },
  getchat: { refuse: inGroup },
  getchatmember: { refuse: (w) => ({ ...inGroup(w), user_id: w.alice }) },
  getchatmembercount: { refuse: inGroup },
  getchatadministrators: { refuse: inGroup },
  leavechat: { refuse: inGroup },
  banchatmember: { refuse: (w) => ({ ...inGroup(w), user_id: w.bob }) },
  unbanchatmember: { refuse: (w) => ({ ...inGroup(w), user_id: w.bob }) },
  restrictchatmember: { refuse: (w) => ({ ...inGroup(w), user_id: w.bob, permissions: {} }) },
  setchatpermissions: { refuse: (w) => ({ ...inGroup(w), permissions: {} }) },
  setchattitle: { refuse: (w) => ({ ...inGroup(w), title: "taken over" }) },
  setchatphoto: { refuse: (w) => ({ ...inGroup(w), photo: w.fileId }) },
  deletechatphoto: { refuse: inGroup },
  setchatdescription: { refuse: (w) => ({ ...inGroup(w), description: "taken over" }) },
  promotechatmember: { refuse: (w) => ({ ...inGroup(w), user_id: w.bob, can_delete_messages: true }) },
  setchatadministratorcustomtitle: { refuse: (w) => ({ ...inGroup(w), user_id: w.bob, custom_title: "boss" }) },
  unpinallchatmessages: { refuse: inGroup },
  createforumtopic: { refuse: (w) => ({ ...inGroup(w), name: "mine" }) },
  editforumtopic: { refuse: (w) => ({ ...inGroup(w), message_thread_id: w.groupMsg, name: "mine" }) },
  closeforumtopic: { refuse: (w) => ({ ...inGroup(w), message_thread_id: w.groupMsg }) },
  reopenforumtopic: { refuse: (w) => ({ ...inGroup(w), message_thread_id: w.groupMsg }) },
  deleteforumtopic: { refuse: (w) => ({ ...inGroup(w), message_thread_id: w.groupMsg }) },
  unpinallforumtopicmessages: { refuse: (w) => ({ ...inGroup(w), message_thread_id: w.groupMsg }) },
  editgeneralforumtopic: { refuse: (w) => ({ ...inGroup(w), name: "mine" }) },
  closegeneralforumtopic: { refuse: inGroup },
  reopengeneralforumtopic: { refuse: inGroup },
  hidegeneralforumtopic: { refuse: inGroup },
  unhidegeneralforumtopic: { refuse: inGroup },
  unpinallgeneralforumtopicmessages: { refuse: inGroup },
  getforumtopiciconstickers: { none: "the same (empty) icon list for every bot" },
  exportchatinvitelink: { refuse: inGroup },
  createchatinvitelink: { refuse: inGroup },
  editchatinvitelink: { refuse: (w) => ({ ...inGroup(w), invite_link: "https://localhost/+x" }) },
  revokechatinvitelink: { refuse: (w) => ({ ...inGroup(w), invite_link: "https://localhost/+x" }) },
  approvechatjoinrequest: { refuse: (w) => ({ ...inGroup(w), user_id: w.bob }) },
  declinechatjoinrequest: { refuse: (w) => ({ ...inGroup(w), user_id: w.bob }) },
  editmessagemedia: {
    refuse: (w) => ({ ...inGroup(w), message_id: w.groupMsg, media: { type: "document", media: w.fileId } }),
  },
  sendmessage: { refuse: (w) => ({ ...inGroup(w), text: "let me in" }) },
  editmessagetext: { refuse: (w) => ({ ...inGroup(w), message_id: w.groupMsg, text: "edited" }) },
  editmessagecaption: { refuse: (w) => ({ ...inGroup(w), message_id: w.groupMsg, caption: "edited" }) },
  editmessagereplymarkup: { refuse: (w) => ({ ...inGroup(w), message_id: w.groupMsg }) },
  deletemessage: { refuse: (w) => ({ ...inGroup(w), message_id: w.groupMsg }) },
  deletemessages: { refuse: (w) => ({ ...inGroup(w), message_ids: [w.groupMsg] }) },
  forwardmessage: { refuse: (w) => ({ chat_id: w.alice, from_chat_id: -w.group, message_id: w.groupMsg }) },
  forwardmessages: { refuse: (w) => ({ chat_id: w.alice, from_chat_id: -w.group, message_ids: [w.groupMsg] }) },
  copymessage: { refuse: (w) => ({ chat_id: w.alice, from_chat_id: -w.group, message_id: w.groupMsg }) },
  copymessages: { refuse: (w) => ({ chat_id: w.alice, from_chat_id: -w.group, message_ids: [w.groupMsg] }) },
  sendchataction: { refuse: (w) => ({ ...inGroup(w), action: "typing" }) },
  pinchatmessage: { refuse: (w) => ({ ...inGroup(w), message_id: w.groupMsg }) },
  unpinchatmessage: { refuse: inGroup },
  setmessagereaction: {
    refuse: (w) => ({ ...inGroup(w), message_id: w.groupMsg, reaction: [{ type: "emoji", emoji: "👍" }] }),
  },
  sendlocation: { refuse: (w) => ({ ...inGroup(w), latitude: 1, longitude: 2 }) },
  sendvenue: { refuse: (w) => ({ ...inGroup(w), latitude: 1, longitude: 2, title: "Here", address: "There" }) },
  sendcontact: { refuse: (w) => ({ ...inGroup(w), phone_number: "+15550100", first_name: "Eve" }) },
  senddice: { refuse: inGroup },
  sendpoll: { refuse: (w) => ({ ...inGroup(w), question: "Let me in?", options: ["yes", "no"] }) },
  stoppoll: { refuse: (w) => ({ ...inGroup(w), message_id: w.groupMsg }) },
  getfile: { refuse: (w) => ({ file_id: w.fileId }) },
  sendphoto: { refuse: (w) => ({ chat_id: w.alice, photo: w.fileId }) },
  senddocument: { refuse: (w) => ({ chat_id: w.alice, document: w.fileId }) },
  sendvideo: { refuse: (w) => ({ chat_id: w.alice, video: w.fileId }) },
  sendaudio: { refuse: (w) => ({ chat_id: w.alice, audio: w.fileId }) },
  sendvoice: { refuse: (w) => ({ chat_id: w.alice, voice: w.fileId }) },
  sendanimation: { refuse: (w) => ({ chat_id: w.alice, animation: w.fileId }) },
  sendsticker: { refuse: (w) => ({ chat_id: w.alice, sticker: w.fileId }) },
  sendvideonote: { refuse: (w) => ({ chat_id: w.alice, video_note: w.fileId }) },
  uploadstickerfile: { none: "the bot's own upload" },
  getstickerset: { none: "sticker sets are public, as Telegram" },
  getcustomemojistickers: { none: "sticker sets are public, as Telegram" },
  createnewstickerset: {
    refuse: (w) => ({
      user_id: w.alice,
      name: "taken_by_stranger_bot",
      title: "t",
      stickers: [{ sticker: w.fileId, format: "static", emoji_list: ["😀"] }],
    }),
  },
  addstickertoset: {
    refuse: (w) => ({
      user_id: w.alice,
      name: w.set,
      sticker: { sticker: w.setSticker, format: "static", emoji_list: ["😀"] },
    }),
  },
  replacestickerinset: {
    refuse: (w) => ({
      user_id: w.alice,
      name: w.set,
      old_sticker: w.setSticker,
      sticker: { sticker: w.setSticker, format: "static", emoji_list: ["😀"] },
    }),
  },
  setstickerpositioninset: { refuse: (w) => ({ sticker: w.setSticker, position: 0 }) },
  deletestickerfromset: { refuse: (w) => ({ sticker: w.setSticker }) },
  setstickeremojilist: { refuse: (w) => ({ sticker: w.setSticker, emoji_list: ["🙃"] }) },
  setstickerkeywords: { refuse: (w) => ({ sticker: w.setSticker, keywords: ["mine"] }) },
  setstickermaskposition: { refuse: (w) => ({ sticker: w.setSticker }) },
  setstickersettitle: { refuse: (w) => ({ name: w.set, title: "taken over" }) },
  setstickersetthumbnail: { refuse: (w) => ({ name: w.set, user_id: w.alice, format: "static" }) },
  setcustomemojistickersetthumbnail: { refuse: (w) => ({ name: w.set }) },
  deletestickerset: { refuse: (w) => ({ name: w.set }) },
  setchatstickerset: { refuse: (w) => ({ ...inGroup(w), sticker_set_name: w.set }) },
  deletechatstickerset: { refuse: inGroup },
  sendmediagroup: {
    refuse: (w) => ({
      chat_id: w.alice,
      media: [
        { type: "document", media: w.fileId },
        { type: "document", media: w.fileId },
      ],
    }),
  },
};

async function buildWorld(): Promise<{ world: World; strangerToken: string }> {
  const { owner: alice, token, botId, username } = await ownerWithBot("Alice");
  const bob = await person("Bob");
  // Alice talks to her bot first, as a user must before a bot may write to them.
  await say(alice, { id: botId }, "/start");
  const form = new FormData();
  form.set("chat_id", String(alice.id));
  form.set("document", new File([new TextEncoder().encode("private notes")], "notes.txt", { type: "text/plain" }));
  const doc = (await (await SELF.fetch(`${API}/bot${token}/sendDocument`, { method: "POST", body: form })).json()) as {
    ok: boolean;
    result: { document: { file_id: string } };
  };
  expect(doc, "sendDocument").toMatchObject({ ok: true });
  const { chat } = await alice.call<{ chat: { id: number } }>("messages.createChat", {
    title: "Family",
    users: [bob.id, botId],
  });
  // (This used to flake: group ids ≥ 10^12 read back as channels in the Bot API; test/bot-api/chat-ids.test.ts.)
  const sent = await botCall<{ message_id: number }>(token, "sendMessage", { chat_id: -chat.id, text: "hello family" });
  expect(sent.body.ok, `bot says hello: ${JSON.stringify(sent.body)} chat ${chat.id}`).toBe(true);
  await alice.call("messages.sendMessage", { peer: { _: "chat", id: chat.id }, message: "hi", random_id: randomId() });
  const stickerForm = new FormData();
  stickerForm.set("user_id", String(alice.id));
  stickerForm.set("sticker_format", "static");
  stickerForm.set("sticker", new File([await makePng(512, 512)], "s.png", { type: "image/png" }));
  const upload = await (
    await SELF.fetch(`${API}/bot${token}/uploadStickerFile`, { method: "POST", body: stickerForm })
  ).json<{ result: { file_id: string } }>();
  const set = `family_by_${username}`;
  const made = await botCall(token, "createNewStickerSet", {
    user_id: alice.id,
    name: set,
    title: "Family",
    stickers: [{ sticker: upload.result.file_id, format: "static", emoji_list: ["😀"] }],
  });
  expect(made.body, "createNewStickerSet").toMatchObject({ ok: true });
  const { token: strangerToken } = await ownerWithBot("Mallory");
  return {
    strangerToken,
    world: {
      group: chat.id,
      groupMsg: sent.body.result?.message_id ?? 0,
      fileId: doc.result.document.file_id,
      alice: alice.id,
      bob: bob.id,
      set,
      setSticker: upload.result.file_id,
    },
  };
}

describe("Bot API access-control matrix", () => {
  it("Should have a row for every method in the Bot API dispatch table", () => {
    const missing = Object.keys(METHODS).filter((m) => !(m in botMatrix));
    const stale = Object.keys(botMatrix).filter((m) => !(m in METHODS));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it("Should refuse a stranger bot everywhere a method takes another chat, message or file", async () => {
    const { world, strangerToken } = await buildWorld();
    const failures: string[] = [];
    for (const [name, row] of Object.entries(botMatrix)) {
      if (!("refuse" in row)) continue;
      const reply = await botCall(strangerToken, name, row.refuse(world));
      const code = reply.body.error_code ?? 0;
      if (reply.body.ok || code < 400 || code >= 500)
        failures.push(`${name}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 160)}`);
      else if (JSON.stringify(reply.body).includes("hello family")) failures.push(`${name}: leaks content`);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
