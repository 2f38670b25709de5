/**
 * The MTProto adapters by method name, and the rpc_error an RpcError becomes. Adapters only translate
 * TL ⇄ the core's calls; layers are handled where results are serialized, never here.
 */
import { Errors, toRpcError } from "../../protocol/errors.ts";
import type { TlObject } from "../../protocol/mtproto/tl/index.ts";
import { accountAdapters } from "./account.ts";
import { addressBookAdapters } from "./address-book.ts";
import { authAdapters } from "./auth.ts";
import { channelsAdapters } from "./channels.ts";
import { chatHistoryAdapters } from "./chat-history.ts";
import { clientDefaultsAdapters } from "./client-defaults.ts";
import type { MtContext } from "./context.ts";
import { dialogSettingsAdapters } from "./dialog-settings.ts";
import { differenceAdapters } from "./difference.ts";
import { filesAdapters } from "./files.ts";
import { groupAdminAdapters } from "./group-admin.ts";
import { groupsAdapters } from "./groups.ts";
import { helpAdapters } from "./help.ts";
import { messagesAdapters } from "./messages.ts";
import { messagesByIdAdapters } from "./messages-by-id.ts";
import { passwordAdapters } from "./password.ts";
import { peopleAdapters } from "./people.ts";
import { profilePhotoAdapters } from "./profile-photos.ts";
import { usersAdapters } from "./users.ts";

type AnyAdapter = (ctx: MtContext, call: never) => Promise<unknown>;
const adapters: Record<string, AnyAdapter> = {
  ...helpAdapters,
  ...authAdapters,
  ...accountAdapters,
  ...usersAdapters,
  ...passwordAdapters,
  ...peopleAdapters,
  ...addressBookAdapters,
  ...profilePhotoAdapters,
  ...messagesAdapters,
  ...messagesByIdAdapters,
  ...chatHistoryAdapters,
  ...groupsAdapters,
  ...groupAdminAdapters,
  ...differenceAdapters,
  ...filesAdapters,
  ...channelsAdapters,
  ...clientDefaultsAdapters,
  ...dialogSettingsAdapters,
};

/** Runs one decoded API call; methods without an adapter answer 400 METHOD_INVALID, as Telegram names it. */
export async function runMtCall(ctx: MtContext, call: TlObject): Promise<TlObject> {
  const adapter = adapters[call._];
  if (!adapter) throw Errors.methodInvalid();
  return (await adapter(ctx, call as never)) as TlObject;
}

/** The rpc_error for anything a call threw: Telegram's codes (420 flood, 401 unauthorized, 500 internal, else 400). */
export function mtRpcError(e: unknown): { errorCode: number; errorMessage: string } {
  const err = toRpcError(e);
  const code = [303, 400, 401, 403, 406, 420, 500].includes(err.code) ? err.code : err.code >= 500 ? 500 : 400;
  return { errorCode: code, errorMessage: err.text };
}
