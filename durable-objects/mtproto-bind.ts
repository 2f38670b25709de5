/**
 * auth.bindTempAuthKey (perfect forward secrecy): a temporary key is bound to the permanent key whose
 * owner sent it, and from then on speaks for it. The permanent key is the account's authorization (the
 * device list, pushes, sign-out name it); each bound temporary key carries a copy of its sign-in, and
 * the permanent key's shard keeps the list of its temporary keys so that a sign-out or a push reaches them.
 */
import { authKeyObjectOf } from "../core/objects.ts";
import { Errors } from "../protocol/errors.ts";
import { nobleCryptoProvider as c } from "../protocol/mtproto/crypto/noble.ts";
import { EnvelopeError } from "../protocol/mtproto/errors.ts";
import { CURRENT_LAYER, tablesForLayer } from "../protocol/mtproto/layers/index.ts";
import { type BindInner, checkBind, openBindMessage } from "../protocol/mtproto/session/bind-temp-key.ts";
import type { EnvelopeMessage } from "../protocol/mtproto/session/envelope.ts";
import { decode } from "../protocol/mtproto/tl/index.ts";
import type { KeyAtRest } from "./key-at-rest.ts";
import { bindTempKey, loadMtKey, mtKeyRow } from "./mtproto-key-store.ts";
import { run } from "./sql.ts";

/** What the permanent key's shard tells the temporary key's: the opened message and the key's sign-in. */
export interface OpenedBind {
  message: EnvelopeMessage;
  userId: number | null;
}

interface BoundTemp {
  id: string;
  expiresAt: number;
}

const boundKey = (permId: string) => `mtbound:${permId}`;
const hexId = (id: bigint) => BigInt.asUintN(64, id).toString(16).padStart(16, "0");

/** In the permanent key's shard: opens encrypted_message with it (null if the key is unknown, temporary or the message does not open). */
export function openBindForPerm(
  sql: SqlStorage,
  vault: KeyAtRest,
  permId: string,
  encrypted: Uint8Array,
): OpenedBind | null {
  const row = mtKeyRow(sql, permId);
  const key = row && row.expires_at === null ? loadMtKey(sql, vault, permId) : null;
  if (!row || !key) return null;
  try {
    return { message: openBindMessage(c, key, BigInt(`0x${permId}`), encrypted), userId: row.user_id };
  } catch (e) {
    if (e instanceof EnvelopeError) return null;
    throw e;
  }
}

/** In the permanent key's shard: remembers a temporary key bound to it (expired ones are dropped). */
export async function rememberBoundTemp(
  storage: DurableObjectStorage,
  permId: string,
  tempId: string,
  expiresAt: number,
): Promise<void> {
  const now = Date.now();
  const list = ((await storage.get<BoundTemp[]>(boundKey(permId))) ?? []).filter(
    (t) => t.expiresAt > now && t.id !== tempId,
  );
  await storage.put(boundKey(permId), [...list, { id: tempId, expiresAt }]);
}

/** The live temporary keys bound to a permanent key. */
export async function boundTemps(storage: DurableObjectStorage, permId: string): Promise<string[]> {
  const now = Date.now();
  return ((await storage.get<BoundTemp[]>(boundKey(permId))) ?? []).filter((t) => t.expiresAt > now).map((t) => t.id);
}

export interface BindCall {
  permAuthKeyId: bigint;
  nonce: bigint;
  expiresAt: number;
  encryptedMessage: Uint8Array;
}

/**
 * In the temporary key's shard: checks the call as MTProto requires (the message opens under the named
 * permanent key and names this temporary key, this session, this msg_id and the call's nonce and
 * expiry), then binds the key and takes the permanent key's sign-in.
 */
export async function bindTemporaryKey(
  env: Env,
  sql: SqlStorage,
  tempId: string,
  call: BindCall,
  conn: { msgId: bigint; sessionId: bigint },
): Promise<void> {
  const temp = mtKeyRow(sql, tempId);
  if (!temp) throw Errors.unauthorized();
  if (temp.expires_at === null) throw Errors.badRequest("TEMP_AUTH_KEY_EMPTY");
  const permId = hexId(call.permAuthKeyId);
  const opened = await authKeyObjectOf(env, permId).mtOpenBind(permId, call.encryptedMessage);
  if (!opened) throw Errors.badRequest("ENCRYPTED_MESSAGE_INVALID");
  let inner: BindInner;
  try {
    inner = decode(tablesForLayer(CURRENT_LAYER), opened.message.body) as unknown as BindInner & { _: string };
  } catch {
    throw Errors.badRequest("ENCRYPTED_MESSAGE_INVALID");
  }
  if ((inner as unknown as { _: string })._ !== "mt_bind_auth_key_inner")
    throw Errors.badRequest("ENCRYPTED_MESSAGE_INVALID");
  const verdict = checkBind(
    opened.message,
    inner,
    { ...call, msgId: conn.msgId },
    {
      tempAuthKeyId: BigInt(`0x${tempId}`),
      sessionId: conn.sessionId,
    },
  );
  if (verdict) throw Errors.badRequest(verdict);
  // The key lives no longer than the client said it would.
  const expiresAt = Math.min(temp.expires_at, call.expiresAt * 1000);
  bindTempKey(sql, tempId, permId);
  run(
    sql,
    "UPDATE mt_auth_keys SET user_id = ?, expires_at = ? WHERE auth_key_id = ?",
    opened.userId,
    expiresAt,
    tempId,
  );
  await authKeyObjectOf(env, permId).mtRememberBound(permId, tempId, expiresAt);
}
