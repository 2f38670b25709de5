/**
 * The RPC registry: every method the gateway answers, by Telegram-style name.
 * Each namespace declares its methods in its own module; this joins them.
 */
import type * as v from "valibot";
import { accountMethods } from "./account.ts";
import { albumsMethods } from "./albums.ts";
import { authMethods } from "./auth.ts";
import { botsMethods } from "./bots.ts";
import { chatHistoryMethods } from "./chat-history.ts";
import { chatPhotoMethods } from "./chat-photo.ts";
import { chatsMethods } from "./chats.ts";
import { contactsMethods } from "./contacts.ts";
import type { MethodSpec } from "./define.ts";
import { dialogSettingsMethods } from "./dialog-settings.ts";
import { draftsMethods } from "./drafts.ts";
import { forumMethods } from "./forum.ts";
import { helpMethods } from "./help.ts";
import { inlineMethods } from "./inline.ts";
import { invitesMethods } from "./invites.ts";
import { liveLocationsMethods } from "./live-locations.ts";
import { messagesMethods } from "./messages.ts";
import { photosMethods } from "./photos.ts";
import { pollsMethods } from "./polls.ts";
import { reactionsMethods } from "./reactions.ts";
import { stickersMethods } from "./stickers.ts";
import { updatesMethods } from "./updates.ts";
import { uploadMethods } from "./upload.ts";
import { usersMethods } from "./users.ts";

export const methods = {
  ...helpMethods,
  ...authMethods,
  ...accountMethods,
  ...usersMethods,
  ...messagesMethods,
  ...draftsMethods,
  ...dialogSettingsMethods,
  ...chatHistoryMethods,
  ...photosMethods,
  ...albumsMethods,
  ...pollsMethods,
  ...liveLocationsMethods,
  ...reactionsMethods,
  ...chatsMethods,
  ...forumMethods,
  ...chatPhotoMethods,
  ...invitesMethods,
  ...contactsMethods,
  ...updatesMethods,
  ...botsMethods,
  ...inlineMethods,
  ...uploadMethods,
  ...stickersMethods,
} satisfies Record<string, MethodSpec>;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type Params<M extends MethodName> = v.InferInput<Methods[M]["params"]>;
export type ParsedParams<M extends MethodName> = v.InferOutput<Methods[M]["params"]>;
export type Result<M extends MethodName> = v.InferOutput<Methods[M]["result"]>;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}
