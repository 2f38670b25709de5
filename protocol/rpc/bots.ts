/** bots.*: users create and manage their bots (the RPC behind the in-messenger BotFather). */
import * as v from "valibot";
import { DecimalId } from "../model/ids.ts";
import { Peer } from "../model/peer.ts";
import { FirstName, User } from "../model/user.ts";
import { method, NOT_IN_CHANNEL, NOT_IN_CHAT } from "./define.ts";

/** As BotFather demands: 5–32 chars, ends in "bot". */
export const BotUsername = v.pipe(
  v.string(),
  v.regex(/^[a-zA-Z][a-zA-Z0-9_]{1,29}[bB][oO][tT]$/, "BOT_USERNAME_INVALID"),
);
const BotId = v.pipe(v.number(), v.integer("BOT_ID_INVALID"), v.minValue(1, "BOT_ID_INVALID"));

export const botsMethods = {
  /** Creates a bot account owned by the caller; the token is shown once. */
  "bots.createBot": method({
    params: v.object({ first_name: FirstName, username: BotUsername }),
    result: v.object({ user: User, token: v.string() }),
    auth: true,
    errors: ["400 USERNAME_OCCUPIED", "400 BOT_ALREADY_EXISTS"],
  }),
  /** A new token for one of the caller's bots; the old one is invalid at once. */
  "bots.revokeToken": method({
    params: v.object({ bot_id: BotId }),
    result: v.object({ token: v.string() }),
    auth: true,
    errors: ["400 BOT_ID_INVALID", "403 BOT_OWNER_REQUIRED"],
  }),
  /** The built-in BotFather account (created on first use): talk to it to manage bots. */
  "bots.getBotFather": method({ params: v.object({}), result: v.object({ user: User }), auth: true }),
  /** Privacy mode: in groups the bot sees only commands, replies to it and mentions. */
  "bots.setPrivacy": method({
    params: v.object({ bot_id: BotId, enabled: v.boolean() }),
    result: v.literal(true),
    auth: true,
    errors: ["400 BOT_ID_INVALID", "403 BOT_OWNER_REQUIRED"],
  }),
  /**
   * A user pressed an inline callback button: the bot receives a callback_query and
   * its answerCallbackQuery comes back here (BOT_RESPONSE_TIMEOUT if it does not answer in time).
   */
  /** A bot (signed in over MTProto) answers a callback query it was pushed; the Bot API's answerCallbackQuery. */
  "messages.setBotCallbackAnswer": method({
    params: v.object({
      query_id: DecimalId,
      message: v.optional(v.pipe(v.string(), v.maxLength(200, "MESSAGE_TOO_LONG"))),
      alert: v.optional(v.boolean()),
      url: v.optional(v.pipe(v.string(), v.maxLength(2048, "URL_INVALID"))),
      cache_time: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
    }),
    result: v.literal(true),
    auth: true,
    errors: ["400 QUERY_ID_INVALID", "400 USER_BOT_REQUIRED"],
  }),
  "messages.getBotCallbackAnswer": method({
    params: v.object({
      peer: Peer,
      msg_id: v.pipe(v.number(), v.integer("MESSAGE_ID_INVALID"), v.minValue(1, "MESSAGE_ID_INVALID")),
      data: v.pipe(v.string(), v.minLength(1, "DATA_INVALID"), v.maxLength(64, "DATA_INVALID")),
    }),
    result: v.object({
      message: v.optional(v.string()),
      alert: v.optional(v.boolean()),
      url: v.optional(v.string()),
      cache_time: v.number(),
    }),
    auth: true,
    errors: [
      NOT_IN_CHAT,
      NOT_IN_CHANNEL,
      "400 MESSAGE_ID_INVALID",
      "400 DATA_INVALID",
      "400 BOT_INVALID",
      "400 BOT_RESPONSE_TIMEOUT",
    ],
  }),
};
