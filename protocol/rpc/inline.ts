/** Inline mode: a user asks a bot for results ("@bot query") and posts one "via @bot". */
import * as v from "valibot";
import { InlineAnswer } from "../model/inline.ts";
import { MAX_MESSAGE_LENGTH, MessageEntities, ReplyMarkup } from "../model/message.ts";
import { Peer } from "../model/peer.ts";
import { CANNOT_POST, FLOOD_WAIT, MEDIA_REF, method, SEND_FORBIDDEN } from "./define.ts";
import { RandomId, SentMessage } from "./messages.ts";

const BotId = v.pipe(v.number(), v.integer("BOT_INVALID"), v.minValue(1, "BOT_INVALID"));
const QueryId = v.pipe(v.string(), v.regex(/^[0-9]{1,20}$/, "QUERY_ID_INVALID"));

export const inlineMethods = {
  /**
   * The bot's results for `query` typed in `peer`: the bot gets an inline_query and its
   * answerInlineQuery comes back here (BOT_RESPONSE_TIMEOUT if it does not answer in time). Answers
   * are reused for the same query and offset for their `cache_time` (only for the same user if personal).
   */
  "messages.getInlineBotResults": method({
    params: v.object({
      bot: BotId,
      peer: Peer,
      query: v.pipe(v.string(), v.maxLength(256, "QUERY_TOO_LONG")),
      offset: v.optional(v.pipe(v.string(), v.maxLength(64, "OFFSET_INVALID")), ""),
    }),
    result: v.object({ query_id: QueryId, ...InlineAnswer.entries }),
    auth: true,
    errors: [...CANNOT_POST, "400 BOT_INVALID", "400 BOT_RESPONSE_TIMEOUT"],
  }),
  /**
   * A bot edits a message posted from its inline results (named by the chosen_inline_result's
   * inline_message_id; the bot need not be in the chat). Text and entities, and/or the inline keyboard (null removes it).
   */
  "messages.editInlineBotMessage": method({
    params: v.object({
      id: v.pipe(v.string(), v.maxLength(64, "MESSAGE_ID_INVALID")),
      message: v.optional(v.pipe(v.string(), v.maxLength(MAX_MESSAGE_LENGTH, "MESSAGE_TOO_LONG"))),
      entities: v.optional(MessageEntities),
      reply_markup: v.optional(v.nullable(ReplyMarkup)),
    }),
    result: v.literal(true),
    auth: true,
    errors: ["400 MESSAGE_ID_INVALID", "400 MESSAGE_EMPTY", "400 MESSAGE_NOT_MODIFIED", "400 ENTITY_BOUNDS_INVALID"],
  }),
  /** Posts result `id` of the caller's query `query_id` to `peer`, marked "via @bot"; the bot gets chosen_inline_result. */
  "messages.sendInlineBotResult": method({
    params: v.object({
      bot: BotId,
      peer: Peer,
      query_id: QueryId,
      id: v.pipe(v.string(), v.minLength(1, "RESULT_ID_INVALID"), v.maxLength(64, "RESULT_ID_INVALID")),
      random_id: RandomId,
    }),
    result: SentMessage,
    auth: true,
    errors: [
      ...CANNOT_POST,
      ...SEND_FORBIDDEN,
      ...MEDIA_REF,
      "400 BOT_INVALID",
      "400 QUERY_ID_INVALID",
      "400 RESULT_ID_INVALID",
      "400 ENTITY_BOUNDS_INVALID",
      "400 MEDIA_CAPTION_TOO_LONG",
      "400 MESSAGE_EMPTY",
      FLOOD_WAIT,
    ],
  }),
};
