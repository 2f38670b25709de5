/** Sending, editing, deleting and forwarding messages: Bot API methods mapped onto messages.* RPCs. */
import type { InlineKeyboardButton, MessageEntity as TgEntity } from "@grammyjs/types";
import * as v from "valibot";
import { randomDecimalId } from "../../../protocol/binary.ts";
import { chatIdOf, internalEntities, mentions, peerOf, tgMessage } from "../../../protocol/bot-api/convert.ts";
import { bool, ChatId, int, json, str } from "../../../protocol/bot-api/params.ts";
import { Errors } from "../../../protocol/errors.ts";
import type { Message, ReplyMarkup } from "../../../protocol/model/message.ts";
import { inputMediaOf, isFileMedia } from "../../../protocol/model/message-media.ts";
import type { Peer } from "../../../protocol/model/peer.ts";
import type { SendMessageAction } from "../../../protocol/model/update.ts";
import { type BotContext, botMethod, directoryFor } from "../context.ts";
import { badRequest } from "../errors.ts";
import { parseText } from "../parse-mode.ts";

export async function resolveChat(ctx: BotContext, chatId: number | string): Promise<Peer> {
  if (typeof chatId === "string") {
    try {
      const { user } = await ctx.call("contacts.resolveUsername", { username: chatId.slice(1) });
      return { _: "user", id: user.id };
    } catch {
      throw Errors.badRequest("CHAT_NOT_FOUND");
    }
  }
  const peer = peerOf(chatId);
  if (!peer) throw Errors.badRequest("CHAT_NOT_FOUND");
  return peer;
}

/** The message as a Bot API Message, with the users and chats it mentions looked up. */
export async function present(ctx: BotContext, m: Message) {
  const { users, peers } = mentions({ _: "updateNewMessage", message: m, pts: 0, pts_count: 0 });
  return tgMessage(m, await directoryFor(ctx, users, peers));
}

export const Entities = v.optional(
  json(v.array(v.looseObject({ type: v.string(), offset: v.number(), length: v.number() })), "entities"),
);
const Button = v.looseObject({ text: v.string() });
export const Markup = v.optional(
  json(
    v.looseObject({
      inline_keyboard: v.optional(v.array(v.array(Button))),
      keyboard: v.optional(v.array(v.array(v.unknown()))),
      remove_keyboard: v.optional(v.boolean()),
      force_reply: v.optional(v.boolean()),
    }),
    "reply keyboard markup",
  ),
);
const ReplyParams = v.optional(
  json(v.looseObject({ message_id: int("message_id"), chat_id: v.optional(ChatId) }), "reply parameters"),
);

/** Inline keyboards map onto messages' reply_markup; reply keyboards, remove and force_reply are accepted (clients show no custom keyboard yet). */
export function internalMarkup(m: v.InferOutput<typeof Markup>): ReplyMarkup | undefined {
  if (!m?.inline_keyboard) return undefined;
  return {
    _: "replyInlineMarkup",
    rows: m.inline_keyboard.map((row) =>
      row.map((b) => {
        const button = b as unknown as InlineKeyboardButton;
        if ("callback_data" in button && typeof button.callback_data === "string")
          return { text: button.text, callback_data: button.callback_data };
        if ("url" in button && typeof button.url === "string") return { text: button.text, url: button.url };
        throw badRequest("can't parse inline keyboard button: unsupported button type");
      }),
    ),
  };
}

/** Text plus entities from parse_mode or explicit entities. */
export function formatted(text: string, parseMode: string | undefined, entities: unknown[] | undefined) {
  if (parseMode) {
    const f = parseText(text, parseMode);
    return { message: f.text, entities: internalEntities(f.entities) };
  }
  return { message: text, entities: internalEntities((entities ?? []) as TgEntity[]) };
}

const Text = v.pipe(
  str(),
  v.check((s) => s.trim().length > 0, "message text is empty"),
);
export const Common = {
  chat_id: ChatId,
  message_thread_id: v.optional(int("message_thread_id")),
  disable_notification: v.optional(bool()),
  protect_content: v.optional(bool()),
  reply_parameters: ReplyParams,
  reply_to_message_id: v.optional(int("reply_to_message_id")),
  reply_markup: Markup,
};
/**
 * The reply header of a send: the message replied to, and the forum topic (message_thread_id) it
 * goes into — with no reply, the topic's own id, as Telegram's clients send it. Thread 1 is General.
 */
export const replyTo = (p: {
  reply_parameters?: { message_id: number } | undefined;
  reply_to_message_id?: number | undefined;
  message_thread_id?: number | undefined;
}) => {
  const id = p.reply_parameters?.message_id ?? p.reply_to_message_id;
  const thread = p.message_thread_id !== undefined && p.message_thread_id !== 1 ? p.message_thread_id : undefined;
  if (thread !== undefined) return { reply_to: { reply_to_msg_id: id ?? thread, reply_to_top_id: thread } };
  return id ? { reply_to: { reply_to_msg_id: id } } : {};
};

export const EditTarget = {
  chat_id: v.optional(ChatId),
  message_id: v.optional(int("message_id")),
  inline_message_id: v.optional(v.string()),
};
/** An inline message (sent via this bot from its inline results): edited by its inline_message_id; answers True. */
async function editInline(
  ctx: BotContext,
  id: string,
  body: { message: string; entities: Message["entities"] } | undefined,
  markup: ReplyMarkup | undefined,
) {
  await ctx.call("messages.editInlineBotMessage", {
    id,
    ...(body ? { message: body.message, entities: body.entities ?? [] } : {}),
    // Telegram drops the old inline keyboard unless the edit repeats it.
    reply_markup: markup ?? null,
  });
  return true;
}

export async function editTarget(
  ctx: BotContext,
  p: { chat_id?: number | string | undefined; message_id?: number | undefined },
) {
  if (p.chat_id === undefined) throw badRequest("chat_id is empty");
  if (p.message_id === undefined) throw badRequest("message identifier is not specified");
  return { peer: await resolveChat(ctx, p.chat_id), id: p.message_id };
}

const ACTIONS: Record<string, SendMessageAction> = {
  typing: "sendMessageTypingAction",
  upload_photo: "sendMessageUploadPhotoAction",
  upload_document: "sendMessageUploadDocumentAction",
  record_voice: "sendMessageRecordAudioAction",
  upload_voice: "sendMessageRecordAudioAction",
  choose_sticker: "sendMessageChooseStickerAction",
  record_video: "sendMessageUploadDocumentAction",
  upload_video: "sendMessageUploadDocumentAction",
  record_video_note: "sendMessageUploadDocumentAction",
  upload_video_note: "sendMessageUploadDocumentAction",
  find_location: "sendMessageTypingAction",
};

const MessageIds = json(v.pipe(v.array(int("message_ids")), v.minLength(1), v.maxLength(100)), "message identifiers");

async function copyOne(ctx: BotContext, from: Peer, to: Peer, id: number, extra: { caption?: string | undefined }) {
  const { messages } = await ctx.call("messages.getMessages", { peer: from, id: [id] });
  const m = messages[0];
  if (!m) throw badRequest("message to copy not found");
  const text = extra.caption ?? m.message;
  if (m.media && !isFileMedia(m.media)) {
    const media = inputMediaOf(m.media);
    if (!media) throw badRequest("the quiz can't be copied: its correct answer is unknown");
    return ctx.call("messages.sendMedia", { peer: to, media, random_id: randomDecimalId() });
  }
  if (m.media) {
    return ctx.call("messages.sendMedia", {
      peer: to,
      media: { media_id: m.media.media_id, access_hash: m.media.access_hash },
      message: text,
      ...(extra.caption === undefined && m.entities ? { entities: m.entities } : {}),
      random_id: randomDecimalId(),
    });
  }
  return ctx.call("messages.sendMessage", {
    peer: to,
    message: text,
    ...(m.entities ? { entities: m.entities } : {}),
    random_id: randomDecimalId(),
  });
}

export const messageMethods = {
  sendmessage: botMethod(
    v.object({
      ...Common,
      text: Text,
      parse_mode: v.optional(v.string()),
      entities: Entities,
      link_preview_options: v.optional(v.unknown()),
      disable_web_page_preview: v.optional(v.unknown()),
    }),
    async (ctx, p) => {
      const peer = await resolveChat(ctx, p.chat_id);
      const body = formatted(p.text, p.parse_mode, p.entities);
      if (body.message.trim() === "") throw Errors.badRequest("MESSAGE_EMPTY");
      const markup = internalMarkup(p.reply_markup);
      const sent = await ctx.call("messages.sendMessage", {
        peer,
        message: body.message,
        ...(body.entities.length ? { entities: body.entities } : {}),
        ...replyTo(p),
        ...(markup ? { reply_markup: markup } : {}),
        random_id: randomDecimalId(),
      });
      return present(ctx, sent.message);
    },
  ),
  editmessagetext: botMethod(
    v.object({
      ...EditTarget,
      text: Text,
      parse_mode: v.optional(v.string()),
      entities: Entities,
      reply_markup: Markup,
      link_preview_options: v.optional(v.unknown()),
    }),
    async (ctx, p) => {
      const body = formatted(p.text, p.parse_mode, p.entities);
      const markup = internalMarkup(p.reply_markup);
      if (p.inline_message_id !== undefined) return editInline(ctx, p.inline_message_id, body, markup);
      const target = await editTarget(ctx, p);
      const sent = await ctx.call("messages.editMessage", {
        ...target,
        message: body.message,
        entities: body.entities,
        // Telegram drops the old inline keyboard unless the edit repeats it.
        reply_markup: markup ?? null,
      });
      return present(ctx, sent.message);
    },
  ),
  editmessagecaption: botMethod(
    v.object({
      ...EditTarget,
      caption: v.optional(str(), ""),
      parse_mode: v.optional(v.string()),
      caption_entities: Entities,
      reply_markup: Markup,
    }),
    async (ctx, p) => {
      const body = formatted(p.caption, p.parse_mode, p.caption_entities);
      const markup = internalMarkup(p.reply_markup);
      if (p.inline_message_id !== undefined) return editInline(ctx, p.inline_message_id, body, markup);
      const target = await editTarget(ctx, p);
      const sent = await ctx.call("messages.editMessage", {
        ...target,
        message: body.message,
        entities: body.entities,
        // Telegram drops the old inline keyboard unless the edit repeats it.
        reply_markup: markup ?? null,
      });
      return present(ctx, sent.message);
    },
  ),
  editmessagereplymarkup: botMethod(v.object({ ...EditTarget, reply_markup: Markup }), async (ctx, p) => {
    if (p.inline_message_id !== undefined)
      return editInline(ctx, p.inline_message_id, undefined, internalMarkup(p.reply_markup));
    const target = await editTarget(ctx, p);
    const sent = await ctx.call("messages.editMessage", {
      ...target,
      reply_markup: internalMarkup(p.reply_markup) ?? null,
    });
    return present(ctx, sent.message);
  }),
  deletemessage: botMethod(v.object({ chat_id: ChatId, message_id: int("message_id") }), async (ctx, p) => {
    await ctx.call("messages.deleteMessages", {
      peer: await resolveChat(ctx, p.chat_id),
      id: [p.message_id],
      revoke: true,
    });
    return true;
  }),
  deletemessages: botMethod(v.object({ chat_id: ChatId, message_ids: MessageIds }), async (ctx, p) => {
    await ctx.call("messages.deleteMessages", {
      peer: await resolveChat(ctx, p.chat_id),
      id: p.message_ids,
      revoke: true,
    });
    return true;
  }),
  forwardmessage: botMethod(
    v.object({ ...Common, from_chat_id: ChatId, message_id: int("message_id") }),
    async (ctx, p) => {
      const out = await ctx.call("messages.forwardMessages", {
        from_peer: await resolveChat(ctx, p.from_chat_id),
        to_peer: await resolveChat(ctx, p.chat_id),
        id: [p.message_id],
        random_id: [randomDecimalId()],
      });
      const m = out.messages[0];
      if (!m) throw badRequest("message to forward not found");
      return present(ctx, m);
    },
  ),
  forwardmessages: botMethod(v.object({ ...Common, from_chat_id: ChatId, message_ids: MessageIds }), async (ctx, p) => {
    const out = await ctx.call("messages.forwardMessages", {
      from_peer: await resolveChat(ctx, p.from_chat_id),
      to_peer: await resolveChat(ctx, p.chat_id),
      id: p.message_ids,
      random_id: p.message_ids.map(() => randomDecimalId()),
    });
    return out.messages.map((m) => ({ message_id: m.id }));
  }),
  copymessage: botMethod(
    v.object({ ...Common, from_chat_id: ChatId, message_id: int("message_id"), caption: v.optional(str()) }),
    async (ctx, p) => {
      const sent = await copyOne(
        ctx,
        await resolveChat(ctx, p.from_chat_id),
        await resolveChat(ctx, p.chat_id),
        p.message_id,
        { caption: p.caption },
      );
      return { message_id: sent.message.id };
    },
  ),
  copymessages: botMethod(v.object({ ...Common, from_chat_id: ChatId, message_ids: MessageIds }), async (ctx, p) => {
    const from = await resolveChat(ctx, p.from_chat_id);
    const to = await resolveChat(ctx, p.chat_id);
    const out: { message_id: number }[] = [];
    for (const id of p.message_ids) out.push({ message_id: (await copyOne(ctx, from, to, id, {})).message.id });
    return out;
  }),
  sendchataction: botMethod(
    v.object({ chat_id: ChatId, action: v.string(), message_thread_id: v.optional(v.unknown()) }),
    async (ctx, p) => {
      const action = ACTIONS[p.action];
      if (!action) throw badRequest("wrong parameter action in request");
      await ctx.call("messages.setTyping", { peer: await resolveChat(ctx, p.chat_id), action });
      return true;
    },
  ),
  pinchatmessage: botMethod(
    v.object({ chat_id: ChatId, message_id: int("message_id"), disable_notification: v.optional(bool()) }),
    async (ctx, p) => {
      await ctx.call("messages.updatePinnedMessage", { peer: await resolveChat(ctx, p.chat_id), id: p.message_id });
      return true;
    },
  ),
  unpinchatmessage: botMethod(
    v.object({ chat_id: ChatId, message_id: v.optional(int("message_id")) }),
    async (ctx, p) => {
      if (p.message_id === undefined) throw badRequest("message identifier is not specified");
      await ctx.call("messages.updatePinnedMessage", {
        peer: await resolveChat(ctx, p.chat_id),
        id: p.message_id,
        unpin: true,
      });
      return true;
    },
  ),
  setmessagereaction: botMethod(
    v.object({
      chat_id: ChatId,
      message_id: int("message_id"),
      reaction: v.optional(
        json(v.array(v.looseObject({ type: v.string(), emoji: v.optional(v.string()) })), "reaction"),
      ),
      is_big: v.optional(bool()),
    }),
    async (ctx, p) => {
      const reaction = (p.reaction ?? []).map((r) => {
        if (r.type !== "emoji" || !r.emoji) throw badRequest("REACTION_INVALID");
        return r.emoji;
      });
      await ctx.call("messages.sendReaction", {
        peer: await resolveChat(ctx, p.chat_id),
        msg_id: p.message_id,
        reaction,
      });
      return true;
    },
  ),
};

export { chatIdOf };
