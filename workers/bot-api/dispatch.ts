/**
 * Bot API dispatch: ONE table from lowercased method name to its schema and
 * handler (names are case-insensitive, like tdlib's telegram-bot-api).
 */
import * as v from "valibot";
import { describeIssue } from "../../protocol/bot-api/params.ts";
import { checkStrings } from "../../protocol/bot-api/strict-input.ts";
import { RpcError } from "../../protocol/errors.ts";
import type { BotContext, BotMethod } from "./context.ts";
import { badRequest } from "./errors.ts";
import { administrationMethods } from "./methods/administration.ts";
import { botMethods } from "./methods/bot.ts";
import { chatMethods } from "./methods/chats.ts";
import { contentMethods } from "./methods/content.ts";
import { fileMethods } from "./methods/files.ts";
import { inlineMethods } from "./methods/inline.ts";
import { inviteLinkMethods } from "./methods/invite-links.ts";
import { liveLocationMethods } from "./methods/live-locations.ts";
import { messageMethods } from "./methods/messages.ts";
import { profileMethods } from "./methods/profile.ts";
import { reactionMethods } from "./methods/reactions.ts";
import { stickerMethods } from "./methods/stickers.ts";
import { topicMethods } from "./methods/topics.ts";
import { OFFICIAL_LOWER } from "./official-methods.ts";

export const METHODS: Record<string, BotMethod> = {
  ...botMethods,
  ...messageMethods,
  ...contentMethods,
  ...chatMethods,
  ...fileMethods,
  ...administrationMethods,
  ...profileMethods,
  ...topicMethods,
  ...stickerMethods,
  ...inviteLinkMethods,
  ...liveLocationMethods,
  ...inlineMethods,
  ...reactionMethods,
};

/** The method for a name from the URL, or the error Telegram gives for it. */
export function lookupMethod(name: string): BotMethod {
  const lower = name.toLowerCase();
  const m = Object.hasOwn(METHODS, lower) ? METHODS[lower] : undefined;
  if (m) return m;
  if (OFFICIAL_LOWER.has(lower)) throw new RpcError(400, "METHOD_NOT_SUPPORTED");
  throw new RpcError(404, "NOT_FOUND");
}

export async function runMethod(ctx: BotContext, method: BotMethod, params: Record<string, unknown>): Promise<unknown> {
  checkStrings(params);
  const parsed = v.safeParse(method.params, params);
  if (!parsed.success) throw badRequest(describeIssue(parsed.issues));
  return method.run(ctx, parsed.output);
}
