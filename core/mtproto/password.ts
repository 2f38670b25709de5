/**
 * The 2FA password over MTProto: account.getPassword gives the SRP parameters (for a device that owes
 * the password, a one-time challenge from the core) and auth.checkPassword hands the proof to the core.
 * account.updatePasswordSettings sets, changes or removes it by its verifier (the client proves the current
 * one by SRP first). A password set from either protocol works from both: the core keeps the SRP verifier
 * whenever it is set, and checks a plaintext against a verifier an MTProto client set.
 */
import { equalBytes, fromHex, toHex } from "../../protocol/binary.ts";
import { Errors, RpcError } from "../../protocol/errors.ts";
import { bigIntToBytes } from "../../protocol/mtproto/crypto/bigint.ts";
import { systemRandom } from "../../protocol/mtproto/crypto/provider.ts";
import { SRP_G, SRP_P } from "../../protocol/mtproto/crypto/srp.ts";
import type { TlConstructors } from "../../protocol/mtproto/gen/api-types.ts";
import type { AuthorizationResult } from "../../protocol/rpc/auth.ts";
import { dispatchRpc } from "../rpc/dispatch.ts";
import { tlAuthorization } from "./auth.ts";
import type { MtAdapterTable, MtContext } from "./context.ts";

const ALGO = "passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow";
type Algo = TlConstructors[typeof ALGO];

/** The salts and a challenge for the signed-in device, or null for a password set before SRP existed. */
async function currentSrp(ctx: MtContext): Promise<Record<string, string> | null> {
  try {
    return (await dispatchRpc(ctx.rpc, "account.getPasswordSrp", {})).result as Record<string, string>;
  } catch (e) {
    if (e instanceof RpcError && e.text === "SRP_PASSWORD_CHANGED") return null;
    throw e;
  }
}

const algo = (salt1: Uint8Array, salt2: Uint8Array): Algo => ({
  _: ALGO,
  salt1,
  salt2,
  g: SRP_G,
  p: bigIntToBytes(SRP_P, 256),
});

export const passwordAdapters: MtAdapterTable<
  "account.getPassword" | "auth.checkPassword" | "account.updatePasswordSettings"
> = {
  async "account.getPassword"(ctx) {
    // What a client uses to set a new password: it appends 32 random bytes to salt1 and sends g^x mod p.
    const fresh = {
      newAlgo: algo(systemRandom(32), systemRandom(16)),
      newSecureAlgo: { _: "securePasswordKdfAlgoPBKDF2HMACSHA512iter100000" as const, salt: systemRandom(8) },
      secureRandom: systemRandom(32),
    };
    const device = ctx.rpc.device;
    if (device.userId === null && device.pendingUserId !== null) {
      const s = (await dispatchRpc(ctx.rpc, "auth.getPasswordSrp", {})).result as Record<string, string>;
      return {
        _: "account.password",
        hasPassword: true,
        currentAlgo: algo(fromHex(s.salt1 ?? ""), fromHex(s.salt2 ?? "")),
        srpB: fromHex(s.srp_b ?? ""),
        srpId: BigInt(s.srp_id ?? "0"),
        ...fresh,
      };
    }
    const info = (await dispatchRpc(ctx.rpc, "account.getPassword", {})).result as {
      has_password: boolean;
      hint?: string;
    };
    // With a password set, a signed-in device gets a challenge to prove it before changing it.
    const current = info.has_password ? await currentSrp(ctx) : null;
    return {
      _: "account.password",
      hasPassword: info.has_password,
      ...(info.hint ? { hint: info.hint } : {}),
      ...(current
        ? {
            currentAlgo: algo(fromHex(current.salt1 ?? ""), fromHex(current.salt2 ?? "")),
            srpB: fromHex(current.srp_b ?? ""),
            srpId: BigInt(current.srp_id ?? "0"),
          }
        : {}),
      ...fresh,
    };
  },
  async "account.updatePasswordSettings"(ctx, call) {
    const p = call.password;
    const current =
      p._ === "inputCheckPasswordSRP"
        ? { srp_id: BigInt.asIntN(64, p.srpId).toString(), a: toHex(p.A), m1: toHex(p.M1) }
        : undefined;
    const s = call.newSettings;
    const hash = s.newPasswordHash ?? new Uint8Array(0);
    let next: { new_salt1: string; new_salt2: string; new_v: string } | { new_v: null } = { new_v: null };
    if (hash.length > 0) {
      // Only Telegram's one algorithm, on this group: anything else could never be checked.
      const a = s.newAlgo;
      if (a?._ !== ALGO || a.g !== SRP_G || !equalBytes(a.p, bigIntToBytes(SRP_P, 256)))
        throw Errors.badRequest("NEW_SALT_INVALID");
      next = { new_salt1: toHex(a.salt1), new_salt2: toHex(a.salt2), new_v: toHex(hash) };
    }
    const params = { ...(current ? { current } : {}), ...next, ...(s.hint ? { hint: s.hint } : {}) };
    await dispatchRpc(ctx.rpc, "account.updatePasswordSrp", params);
    return true;
  },
  async "auth.checkPassword"(ctx, call) {
    const p = call.password;
    if (p._ !== "inputCheckPasswordSRP") throw Errors.badRequest("PASSWORD_HASH_INVALID");
    const params = { srp_id: BigInt.asIntN(64, p.srpId).toString(), a: toHex(p.A), m1: toHex(p.M1) };
    return tlAuthorization(
      ctx,
      (await dispatchRpc(ctx.rpc, "auth.checkPasswordSrp", params)).result as AuthorizationResult,
    );
  },
};
