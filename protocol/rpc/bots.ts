/** bots.*: users create and manage their bots (the RPC behind the in-messenger BotFather). */
import * as v from "valibot";
import { FirstName, User } from "../model/user.ts";
import { method } from "./define.ts";

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
  }),
  /** A new token for one of the caller's bots; the old one is invalid at once. */
  "bots.revokeToken": method({
    params: v.object({ bot_id: BotId }),
    result: v.object({ token: v.string() }),
    auth: true,
  }),
  /** Privacy mode: in groups the bot sees only commands, replies to it and mentions. */
  "bots.setPrivacy": method({
    params: v.object({ bot_id: BotId, enabled: v.boolean() }),
    result: v.literal(true),
    auth: true,
  }),
};
