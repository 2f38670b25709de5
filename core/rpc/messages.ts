/** messages.*: send, edit, delete, forward, react, pin, read, type; history, search and dialogs. */

import { Errors } from "../../protocol/errors.ts";
import type { InputMediaRef, MediaRef } from "../../protocol/model/media.ts";
import { MAX_CAPTION_LENGTH, type Message } from "../../protocol/model/message.ts";
import { isFileMedia, isPollMedia } from "../../protocol/model/message-media.ts";
import type { Update } from "../../protocol/model/update.ts";
import type { Params } from "../../protocol/rpc/index.ts";
import { peerOf } from "../chat/keys.ts";
import { logUnlessRefusal } from "../log.ts";
import { chatObjectOf, userObjectOf } from "../objects.ts";
import { chatOf, checkEntities, isChannelKey, mentioned } from "./chat-refs.ts";
import { sendContent } from "./content.ts";
import { type HandlerTable, type RpcContext, userIdOf } from "./context.ts";
import { attachableMedia } from "./stickers.ts";

type SendMediaParams = Params<"messages.sendMedia">;

/** messages.sendMedia, apart so tests can hand it a stand-in media service. */
export async function sendMedia(ctx: RpcContext, p: SendMediaParams & { message: string }) {
  if (!isFileMedia(p.media)) return sendContent(ctx, p, p.media);
  const media = ctx.env.MEDIA;
  if (!media) throw Errors.internal("MEDIA_SERVICE_UNAVAILABLE");
  const uid = userIdOf(ctx);
  checkEntities(p.message, p.entities);
  const { key, chat } = chatOf(ctx.env, uid, p.peer);
  // Membership first, so a file is never granted to a chat its sender cannot post in.
  await chat.checkCanPost(key, uid, true);
  const ref = await attachableMedia(ctx.env, uid, p.media);
  await media.grantToChat(ref.media_id, key);
  return chat.send(key, uid, {
    text: p.message,
    random_id: p.random_id,
    // The audio attribute is the sender's description of this message's file (as Telegram's attributes).
    media: p.media.audio ? { ...ref, audio: p.media.audio } : ref,
    ...(p.entities ? { entities: p.entities } : {}),
    ...(p.reply_to ? { reply_to: p.reply_to.reply_to_msg_id } : {}),
    ...(p.reply_to?.reply_to_top_id ? { top_msg_id: p.reply_to.reply_to_top_id } : {}),
    ...(p.reply_markup ? { markup: p.reply_markup } : {}),
    senderDevice: ctx.authKeyId,
  });
}

/** The new file of messages.editMessage: the editor must be able to attach it, and the chat's members to read it. */
async function editedMedia(ctx: RpcContext, key: string, input: InputMediaRef): Promise<MediaRef> {
  const media = ctx.env.MEDIA;
  if (!media) throw Errors.internal("MEDIA_SERVICE_UNAVAILABLE");
  const uid = userIdOf(ctx);
  await chatObjectOf(ctx.env, key).checkCanPost(key, uid, true);
  const ref = await media.resolveForMessage(uid, input);
  await media.grantToChat(ref.media_id, key);
  return ref;
}

export const messagesHandlers: HandlerTable<
  | "messages.sendMessage"
  | "messages.sendMedia"
  | "messages.editMessage"
  | "messages.deleteMessages"
  | "messages.forwardMessages"
  | "messages.sendReaction"
  | "messages.updatePinnedMessage"
  | "messages.readHistory"
  | "messages.setTyping"
  | "messages.getHistory"
  | "messages.getMessages"
  | "messages.search"
  | "messages.getDialogs"
> = {
  async "messages.sendMessage"(ctx, p) {
    const uid = userIdOf(ctx);
    checkEntities(p.message, p.entities);
    const { key, chat } = chatOf(ctx.env, uid, p.peer);
    return chat.send(key, uid, {
      text: p.message,
      random_id: p.random_id,
      ...(p.entities ? { entities: p.entities } : {}),
      ...(p.reply_to ? { reply_to: p.reply_to.reply_to_msg_id } : {}),
      ...(p.reply_to?.reply_to_top_id ? { top_msg_id: p.reply_to.reply_to_top_id } : {}),
      ...(p.reply_markup ? { markup: p.reply_markup } : {}),
      // The sending device reads the update from this result; the push skips it.
      senderDevice: ctx.authKeyId,
    });
  },
  "messages.sendMedia": (ctx, p) => sendMedia(ctx, p),
  async "messages.editMessage"(ctx, p) {
    const uid = userIdOf(ctx);
    if (p.message !== undefined) checkEntities(p.message, p.entities);
    if (p.message === undefined && p.entities === undefined && p.reply_markup === undefined && !p.media)
      throw Errors.badRequest("MESSAGE_NOT_MODIFIED");
    const { key, chat } = chatOf(ctx.env, uid, p.peer);
    const media = p.media ? await editedMedia(ctx, key, p.media) : undefined;
    if (media && (p.message?.length ?? 0) > MAX_CAPTION_LENGTH) throw Errors.badRequest("MEDIA_CAPTION_TOO_LONG");
    return chat.edit(key, uid, p.id, {
      ...(p.message !== undefined ? { text: p.message } : {}),
      ...(p.entities ? { entities: p.entities } : {}),
      ...(p.reply_markup !== undefined ? { markup: p.reply_markup } : {}),
      ...(media ? { media } : {}),
    });
  },
  async "messages.deleteMessages"(ctx, p) {
    const uid = userIdOf(ctx);
    const { key, chat } = chatOf(ctx.env, uid, p.peer);
    return chat.deleteMessages(key, uid, [...new Set(p.id)], p.revoke);
  },
  async "messages.forwardMessages"(ctx, p) {
    const uid = userIdOf(ctx);
    const from = chatOf(ctx.env, uid, p.from_peer);
    const to = chatOf(ctx.env, uid, p.to_peer);
    const originals = await from.chat.getMessages(from.key, uid, p.id);
    if (originals.length !== p.id.length || originals.some((m) => m.action))
      throw Errors.badRequest("MESSAGE_ID_INVALID");
    await to.chat.checkCanPost(to.key, uid);
    const messages: Message[] = [];
    const updates: Update[] = [];
    for (const [i, m] of originals.entries()) {
      // A forwarded poll would need its votes shared across chats; Telegram does, Edgegram does not yet.
      if (isPollMedia(m.media)) throw Errors.badRequest("MEDIA_INVALID");
      if (m.media && isFileMedia(m.media)) await ctx.env.MEDIA?.grantToChat(m.media.media_id, to.key);
      const fwd = m.fwd_from ?? {
        date: m.date,
        ...(m.from_id ? { from_id: m.from_id } : {}),
        ...(m.post ? { from_peer: m.peer_id } : {}),
      };
      const sent = await to.chat.send(to.key, uid, {
        text: m.message,
        random_id: p.random_id[i] as string,
        fwd,
        ...(m.entities ? { entities: m.entities } : {}),
        ...(m.media ? { media: m.media } : {}),
      });
      messages.push(sent.message);
      updates.push(...sent.updates);
    }
    return { messages, updates };
  },
  async "messages.sendReaction"(ctx, p) {
    const uid = userIdOf(ctx);
    const { key, chat } = chatOf(ctx.env, uid, p.peer);
    return chat.react(key, uid, p.msg_id, p.reaction);
  },
  async "messages.updatePinnedMessage"(ctx, p) {
    const uid = userIdOf(ctx);
    const { key, chat } = chatOf(ctx.env, uid, p.peer);
    return chat.pin(key, uid, p.id, p.unpin);
  },
  async "messages.readHistory"(ctx, p) {
    const uid = userIdOf(ctx);
    const { key, chat } = chatOf(ctx.env, uid, p.peer);
    const result = await chat.readHistory(key, uid, p.max_id);
    if (isChannelKey(key))
      await userObjectOf(ctx.env, uid).setChannelDialog(key, p.peer, await chat.channelDialog(uid));
    return result;
  },
  async "messages.setTyping"(ctx, p) {
    const uid = userIdOf(ctx);
    const { key, chat } = chatOf(ctx.env, uid, p.peer);
    await chat.typing(key, uid, p.action);
    return true as const;
  },
  async "messages.getHistory"(ctx, p) {
    const uid = userIdOf(ctx);
    const { key, chat } = chatOf(ctx.env, uid, p.peer);
    const { messages, count } = await chat.history(key, uid, p);
    return { messages, count, ...(await mentioned(ctx.env, uid, messages, [p.peer])) };
  },
  async "messages.getMessages"(ctx, p) {
    const uid = userIdOf(ctx);
    const { key, chat } = chatOf(ctx.env, uid, p.peer);
    const messages = await chat.getMessages(key, uid, p.id);
    return { messages, count: messages.length, ...(await mentioned(ctx.env, uid, messages, [p.peer])) };
  },
  async "messages.search"(ctx, p) {
    const uid = userIdOf(ctx);
    let messages: Message[];
    if (p.peer) {
      const { key, chat } = chatOf(ctx.env, uid, p.peer);
      messages = await chat.search(key, uid, p.q, p.offset_id, p.limit, p.filter === "pinned");
    } else {
      // Global search covers only the caller's own chats: their dialog list.
      const keys = await userObjectOf(ctx.env, uid).dialogKeys();
      const found = await Promise.all(
        keys.map((key) =>
          chatObjectOf(ctx.env, key)
            .search(key, uid, p.q, 0, p.limit, p.filter === "pinned")
            // A chat that refuses (left, banned) adds nothing to a global search; a broken one is logged.
            .catch((e) => {
              logUnlessRefusal(`searching ${key}`, e);
              return [] as Message[];
            }),
        ),
      );
      messages = found
        .flat()
        .sort((a, b) => b.date - a.date || b.id - a.id)
        .slice(0, p.limit);
    }
    return { messages, count: messages.length, ...(await mentioned(ctx.env, uid, messages)) };
  },
  async "messages.getDialogs"(ctx, p) {
    const uid = userIdOf(ctx);
    const user = userObjectOf(ctx.env, uid);
    // Channels keep no per-user log, so their dialog rows are refreshed from the channels first.
    const channelKeys = await user.dialogKeys("channel");
    const channelState = new Map(
      await Promise.all(
        channelKeys.map(async (key) => {
          const d = await chatObjectOf(ctx.env, key).channelDialog(uid);
          await user.setChannelDialog(key, peerOf(key, uid), d);
          return [key, d.pts] as const;
        }),
      ),
    );
    const page = await user.dialogs(p.offset_date, p.limit, p.folder_id);
    const tops = await Promise.all(
      page.map((d) =>
        d.dialog.top_message > 0
          ? chatObjectOf(ctx.env, d.chatKey)
              .getMessages(d.chatKey, uid, [d.dialog.top_message])
              // A dialog whose chat refuses is listed without its top message; a broken one is logged.
              .catch((e) => {
                logUnlessRefusal(`reading ${d.chatKey}'s top message`, e);
                return [] as Message[];
              })
          : [],
      ),
    );
    const messages = tops.flat();
    const dialogs = page.map((d) => {
      const pts = channelState.get(d.chatKey);
      return pts === undefined ? d.dialog : { ...d.dialog, pts };
    });
    return {
      dialogs,
      messages,
      ...(await mentioned(
        ctx.env,
        uid,
        messages,
        dialogs.map((d) => d.peer),
      )),
    };
  },
};
