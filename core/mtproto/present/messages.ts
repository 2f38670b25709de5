/**
 * The core's Message as TL's `message` / `messageService` for one viewer (peer ids as Telegram's, the
 * out flag for the viewer), and a client's entities and reply markup back to the core's shape.
 */

import type {
  KeyboardButton,
  Message,
  MessageAction,
  MessageEntity,
  ReplyMarkup,
} from "../../../protocol/model/message.ts";
import type { TlConstructors, TlTypes } from "../../../protocol/mtproto/gen/api-types.ts";
import type { AccessHashEnv } from "../access-hash.ts";
import type { MessageIds } from "../message-ids.ts";
import { tlMessageMedia } from "./media.ts";
import { inputUserId, type PeerContext, tlPeer } from "./peers.ts";

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export function tlEntity(e: MessageEntity): TlTypes["MessageEntity"] {
  const span = { offset: e.offset, length: e.length };
  switch (e._) {
    case "messageEntityPre":
      return { _: e._, ...span, language: e.language ?? "" };
    case "messageEntityTextUrl":
      return { _: e._, ...span, url: e.url };
    case "messageEntityMentionName":
      return { _: e._, ...span, userId: BigInt(e.user_id) };
    default:
      return { _: e._, ...span };
  }
}

const PLAIN_ENTITIES = new Set<string>([
  "messageEntityBold",
  "messageEntityItalic",
  "messageEntityUnderline",
  "messageEntityStrike",
  "messageEntitySpoiler",
  "messageEntityCode",
  "messageEntityBlockquote",
  "messageEntityUrl",
  "messageEntityEmail",
  "messageEntityPhone",
  "messageEntityMention",
  "messageEntityHashtag",
  "messageEntityCashtag",
  "messageEntityBotCommand",
]);

/** A client's entities as the core's; kinds the core does not keep are left out, as Telegram drops unknown ones. */
export function coreEntities(
  ctx: PeerContext,
  list: TlTypes["MessageEntity"][] | undefined,
): MessageEntity[] | undefined {
  if (!list) return undefined;
  const out: MessageEntity[] = [];
  for (const e of list) {
    const span = { offset: e.offset, length: e.length };
    if (e._ === "messageEntityPre") out.push({ _: e._, ...span, ...(e.language ? { language: e.language } : {}) });
    else if (e._ === "messageEntityTextUrl") out.push({ _: e._, ...span, url: e.url });
    else if (e._ === "messageEntityMentionName") out.push({ _: e._, ...span, user_id: Number(e.userId) });
    else if (e._ === "inputMessageEntityMentionName")
      out.push({ _: "messageEntityMentionName", ...span, user_id: inputUserId(ctx, e.userId) });
    else if (PLAIN_ENTITIES.has(e._)) out.push({ _: e._, ...span } as MessageEntity);
  }
  return out;
}

export function tlReplyMarkup(m: ReplyMarkup): TlTypes["ReplyMarkup"] {
  return {
    _: "replyInlineMarkup",
    rows: m.rows.map((row) => ({
      _: "keyboardButtonRow",
      buttons: row.map((b): TlTypes["KeyboardButton"] =>
        "url" in b
          ? { _: "keyboardButtonUrl", text: b.text, url: b.url }
          : { _: "keyboardButtonCallback", text: b.text, data: utf8.encode(b.callback_data) },
      ),
    })),
  };
}

/** A bot's inline keyboard from TL (callback and URL buttons; the core keeps no other kind). */
export function coreReplyMarkup(m: TlTypes["ReplyMarkup"] | undefined): ReplyMarkup | undefined {
  if (m?._ !== "replyInlineMarkup") return undefined;
  return {
    _: "replyInlineMarkup",
    rows: m.rows.map((r) =>
      r.buttons.flatMap((b): KeyboardButton[] =>
        b._ === "keyboardButtonUrl"
          ? [{ text: b.text, url: b.url }]
          : b._ === "keyboardButtonCallback"
            ? [{ text: b.text, callback_data: fromUtf8.decode(b.data) }]
            : [],
      ),
    ),
  };
}

function tlAction(a: MessageAction): TlTypes["MessageAction"] {
  switch (a._) {
    case "messageActionChatCreate":
      return { _: a._, title: a.title, users: a.users.map(BigInt) };
    case "messageActionChatAddUser":
      return { _: a._, users: a.users.map(BigInt) };
    case "messageActionChatDeleteUser":
      return { _: a._, userId: BigInt(a.user_id) };
    case "messageActionChatJoinedByLink":
      return { _: a._, inviterId: 0n };
    case "messageActionChannelCreate":
    case "messageActionChatEditTitle":
      return { _: a._, title: a.title };
    case "messageActionPinMessage":
      return { _: a._ };
    // MTProto clients see no chat photos yet (chats carry chatPhotoEmpty): the change shows, not the image.
    case "messageActionChatEditPhoto":
      return { _: a._, photo: { _: "photoEmpty", id: 0n } };
    case "messageActionChatDeletePhoto":
      return { _: a._ };
    case "messageActionTopicCreate":
      return { _: a._, title: a.title, iconColor: a.icon_color, ...emojiId(a.icon_emoji_id) };
    case "messageActionTopicEdit":
      return {
        _: a._,
        ...(a.title !== undefined ? { title: a.title } : {}),
        ...emojiId(a.icon_emoji_id),
        ...(a.closed !== undefined ? { closed: a.closed } : {}),
        ...(a.hidden !== undefined ? { hidden: a.hidden } : {}),
      };
  }
}

/** A custom emoji id (decimal text in the core) as TL's long; "" (removed) is 0. */
function emojiId(id: string | undefined): { iconEmojiId?: bigint } {
  if (id === undefined) return {};
  return /^\d{1,19}$/.test(id) ? { iconEmojiId: BigInt(id) } : { iconEmojiId: 0n };
}

function tlReactions(r: NonNullable<Message["reactions"]>): TlConstructors["messageReactions"] {
  let order = 0;
  return {
    _: "messageReactions",
    ...(r.min ? { min: true as const } : {}),
    results: r.results.map((c) => ({
      _: "reactionCount",
      reaction: { _: "reactionEmoji", emoticon: c.reaction },
      count: c.count,
      ...(c.chosen ? { chosenOrder: order++ } : {}),
    })),
  };
}

export { tlReactions };

/** The reply header with the replied-to message's id as the viewer sees it (none if not in their box). */
export function tlReplyTo(ids: MessageIds, m: Message): { replyTo?: TlConstructors["messageReplyHeader"] } {
  const id = m.reply_to && ids.tlId(m.peer_id, m.reply_to.reply_to_msg_id);
  return id ? { replyTo: { _: "messageReplyHeader", replyToMsgId: id } } : {};
}

/**
 * The message as one viewer's client sees it, with ids from `ids` (the viewer's box ids in private chats
 * and groups); a message not in the viewer's box is messageEmpty (list callers leave those out first).
 */
export function tlMessage(env: AccessHashEnv, viewer: number, m: Message, ids: MessageIds): TlTypes["Message"] {
  const id = ids.tlId(m.peer_id, m.id);
  if (id === undefined) return { _: "messageEmpty", id: 0 };
  const common = {
    out: m.out ?? false,
    post: m.post ?? false,
    id,
    ...(m.from_id !== undefined ? { fromId: tlPeer({ _: "user", id: m.from_id }) } : {}),
    peerId: tlPeer(m.peer_id),
    ...tlReplyTo(ids, m),
    date: m.date,
    ...(m.reactions ? { reactions: tlReactions(m.reactions) } : {}),
  };
  if (m.action) return { _: "messageService", ...common, action: tlAction(m.action) };
  return {
    _: "message",
    ...common,
    pinned: m.pinned ?? false,
    message: m.message,
    ...(m.fwd_from
      ? {
          fwdFrom: {
            _: "messageFwdHeader",
            date: m.fwd_from.date,
            ...(m.fwd_from.from_peer
              ? { fromId: tlPeer(m.fwd_from.from_peer) }
              : m.fwd_from.from_id !== undefined
                ? { fromId: tlPeer({ _: "user", id: m.fwd_from.from_id }) }
                : {}),
          },
        }
      : {}),
    ...(m.media ? { media: tlMessageMedia(env, viewer, m.media, m.date) } : {}),
    ...(m.reply_markup ? { replyMarkup: tlReplyMarkup(m.reply_markup) } : {}),
    ...(m.entities?.length ? { entities: m.entities.map(tlEntity) } : {}),
    ...(m.views !== undefined ? { views: m.views } : {}),
    ...(m.edit_date !== undefined ? { editDate: m.edit_date } : {}),
    ...(m.grouped_id !== undefined ? { groupedId: BigInt(m.grouped_id) } : {}),
  };
}
