/**
 * messages.sendMedia for content that is not a file — a location, venue,
 * contact, dice or poll — and the poll RPCs (messages.sendVote,
 * messages.stopPoll). The server throws the dice and numbers the polls.
 */
import { randomDecimalId } from "../../protocol/binary.ts";
import { Errors } from "../../protocol/errors.ts";
import {
  DICE_MAX_VALUE,
  type InputMediaKind,
  type InputMediaPoll,
  type MessageMedia,
} from "../../protocol/model/message-media.ts";
import type { Params } from "../../protocol/rpc/index.ts";
import { pollFrom } from "../chat/polls.ts";
import { directoryOf } from "../objects.ts";
import { normalizePhone } from "./auth.ts";
import { chatOf, mentioned } from "./chat-refs.ts";
import { type HandlerTable, type RpcContext, userIdOf } from "./context.ts";

/** A uniformly random integer in 1..max from the platform's CSPRNG (rejection sampling, no modulo bias). */
export function throwDice(max: number): number {
  const limit = Math.floor(0x1_0000_0000 / max) * max;
  const buf = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buf);
    const x = buf[0] as number;
    if (x < limit) return (x % max) + 1;
  }
}

/** What a non-file input becomes in the message (and, for a poll, what is stored beside it). */
export async function contentOf(
  ctx: RpcContext,
  input: InputMediaKind,
): Promise<{ media: MessageMedia; poll?: InputMediaPoll }> {
  switch (input._) {
    case "inputMediaGeoPoint": {
      const { _, geo_point, ...live } = input;
      return { media: { _: "messageMediaGeo", geo: geo_point, ...live } };
    }
    case "inputMediaVenue": {
      const { _, geo_point, ...venue } = input;
      return { media: { _: "messageMediaVenue", geo: geo_point, ...venue } };
    }
    case "inputMediaContact": {
      const { _, ...card } = input;
      const userId = await directoryOf(ctx.env).userIdByPhone(normalizePhone(card.phone_number));
      return { media: { _: "messageMediaContact", ...card, ...(userId !== null ? { user_id: userId } : {}) } };
    }
    case "inputMediaDice":
      // Whatever value a client may have put in the request was dropped by the schema.
      return {
        media: {
          _: "messageMediaDice",
          emoticon: input.emoticon,
          value: throwDice(DICE_MAX_VALUE[input.emoticon] as number),
        },
      };
    case "inputMediaPoll": {
      const now = Math.floor(Date.now() / 1000);
      const close = input.poll.close_date;
      // As the Bot API: a close date 5 s to a month ahead.
      if (close !== undefined && (close < now + 5 || close > now + 2_628_000))
        throw Errors.badRequest("POLL_CLOSE_INVALID");
      const poll = pollFrom(input, randomDecimalId(), now);
      const media: MessageMedia = {
        _: "messageMediaPoll",
        poll,
        results: { min: true, results: poll.answers.map((a) => ({ option: a.option, voters: 0 })), total_voters: 0 },
      };
      return { media, poll: input };
    }
  }
}

type SendMediaParams = Params<"messages.sendMedia"> & { message: string };

/** messages.sendMedia with a location, venue, contact, dice or poll (these carry no caption). */
export async function sendContent(ctx: RpcContext, p: SendMediaParams, input: InputMediaKind) {
  const uid = userIdOf(ctx);
  const { key, chat } = chatOf(ctx.env, uid, p.peer);
  return chat.send(key, uid, {
    text: "",
    random_id: p.random_id,
    ...(await contentOf(ctx, input)),
    ...(p.reply_to ? { reply_to: p.reply_to.reply_to_msg_id } : {}),
    ...(p.reply_to?.reply_to_top_id ? { top_msg_id: p.reply_to.reply_to_top_id } : {}),
    ...(p.reply_markup ? { markup: p.reply_markup } : {}),
    senderDevice: ctx.authKeyId,
  });
}

export const contentHandlers: HandlerTable<"messages.sendVote" | "messages.stopPoll" | "messages.getPollVotes"> = {
  async "messages.getPollVotes"(ctx, p) {
    const uid = userIdOf(ctx);
    const { key, chat } = chatOf(ctx.env, uid, p.peer);
    const list = await chat.getPollVotes(key, uid, p.id, p);
    const peers = list.votes.map((x) => ({ _: "user" as const, id: x.user_id }));
    const { users } = await mentioned(ctx.env, uid, [], peers);
    return {
      count: list.count,
      votes: list.votes.map((x) => ({
        _: "messagePeerVote" as const,
        peer: { _: "user" as const, id: x.user_id },
        option: x.option,
        date: x.date,
      })),
      users,
      ...(list.next_offset ? { next_offset: list.next_offset } : {}),
    };
  },
  async "messages.sendVote"(ctx, p) {
    const uid = userIdOf(ctx);
    const { key, chat } = chatOf(ctx.env, uid, p.peer);
    return chat.sendVote(key, uid, p.msg_id, p.options);
  },
  async "messages.stopPoll"(ctx, p) {
    const uid = userIdOf(ctx);
    const { key, chat } = chatOf(ctx.env, uid, p.peer);
    return chat.stopPoll(key, uid, p.id);
  },
};
