/**
 * RPC dispatch: one table from method name to handler. Validates params
 * against the method's schema, refuses unauthenticated callers, and turns
 * whatever a handler throws into an RpcError. The wire entry (a device's
 * frames); in-process callers enter through callCore (call.ts).
 */
import * as v from "valibot";
import { Errors, type RpcError } from "../../protocol/errors.ts";
import { isMethodName, type MethodName, methods } from "../../protocol/rpc/index.ts";
import { accountHandlers } from "./account.ts";
import { albumsHandlers } from "./albums.ts";
import { authHandlers } from "./auth.ts";
import { botsHandlers } from "./bots.ts";
import { chatHistoryHandlers } from "./chat-history.ts";
import { chatPhotoHandlers } from "./chat-photo.ts";
import { chatsHandlers } from "./chats.ts";
import { contactsHandlers } from "./contacts.ts";
import { contentHandlers } from "./content.ts";
import type { Handler, HandlerTable, RpcContext } from "./context.ts";
import { dialogSettingsHandlers } from "./dialog-settings.ts";
import { draftsHandlers } from "./drafts.ts";
import { forumHandlers } from "./forum.ts";
import { helpHandlers } from "./help.ts";
import { inlineHandlers } from "./inline.ts";
import { invitesHandlers } from "./invites.ts";
import { liveLocationsHandlers } from "./live-locations.ts";
import { messagesHandlers } from "./messages.ts";
import { photosHandlers } from "./photos.ts";
import { reactionsHandlers } from "./reactions.ts";
import { stickersHandlers } from "./stickers.ts";
import { updatesHandlers } from "./updates.ts";
import { uploadHandlers } from "./upload.ts";
import { usersHandlers } from "./users.ts";

export type { DeviceState, RpcContext } from "./context.ts";

/** Every method in protocol/rpc has exactly one handler here; the type checker enforces it. */
export const handlers: HandlerTable<MethodName> = {
  ...helpHandlers,
  ...authHandlers,
  ...accountHandlers,
  ...usersHandlers,
  ...messagesHandlers,
  ...contentHandlers,
  ...liveLocationsHandlers,
  ...reactionsHandlers,
  ...draftsHandlers,
  ...dialogSettingsHandlers,
  ...chatHistoryHandlers,
  ...photosHandlers,
  ...chatsHandlers,
  ...forumHandlers,
  ...chatPhotoHandlers,
  ...invitesHandlers,
  ...albumsHandlers,
  ...contactsHandlers,
  ...updatesHandlers,
  ...botsHandlers,
  ...inlineHandlers,
  ...uploadHandlers,
  ...stickersHandlers,
};

/** Turns a schema failure into Telegram-style text: the schema's own UPPER_SNAKE message, or FIELD_INVALID. */
function validationError(issues: readonly v.BaseIssue<unknown>[]): RpcError {
  const issue = issues[0];
  if (issue && /^[A-Z][A-Z0-9_]+$/.test(issue.message)) return Errors.badRequest(issue.message);
  const path = issue?.path?.map((p) => String(p.key)).join("_");
  return Errors.inputInvalid(path || undefined);
}

export async function dispatchRpc(
  ctx: RpcContext,
  name: string,
  rawParams: unknown,
): Promise<{ result: unknown; blob?: Uint8Array }> {
  if (!isMethodName(name)) throw Errors.methodInvalid();
  const spec = methods[name];
  if (spec.auth && ctx.device.userId === null) throw Errors.unauthorized();
  const parsed = v.safeParse(spec.params, rawParams);
  if (!parsed.success) throw validationError(parsed.issues);
  const handler = handlers[name] as Handler<MethodName>;
  const out = (await handler(ctx, parsed.output as never)) as unknown;
  if (spec.blob === "out") {
    const { result, blob } = out as { result: unknown; blob: Uint8Array };
    return { result, blob };
  }
  return { result: out };
}
