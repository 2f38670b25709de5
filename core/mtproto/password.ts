/**
 * The 2FA password over MTProto: account.getPassword gives the SRP parameters (for a device that owes
 * the password, a one-time challenge from the core) and auth.checkPassword hands the proof to the core.
 * A password set from either protocol works from both: the core keeps the SRP verifier whenever it is set.
 */
import { fromHex, toHex } from "../../protocol/binary.ts";
import { Errors } from "../../protocol/errors.ts";
import { bigIntToBytes } from "../../protocol/mtproto/crypto/bigint.ts";
import { systemRandom } from "../../protocol/mtproto/crypto/provider.ts";
import { SRP_G, SRP_P } from "../../protocol/mtproto/crypto/srp.ts";
import type { TlConstructors } from "../../protocol/mtproto/gen/api-types.ts";
import type { AuthorizationResult } from "../../protocol/rpc/auth.ts";
import { dispatchRpc } from "../rpc/dispatch.ts";
import { tlAuthorization } from "./auth.ts";
import type { MtAdapterTable } from "./context.ts";

const ALGO = "passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow";
type Algo = TlConstructors[typeof ALGO];

const algo = (salt1: Uint8Array, salt2: Uint8Array): Algo => ({
  _: ALGO,
  salt1,
  salt2,
  g: SRP_G,
  p: bigIntToBytes(SRP_P, 256),
});

export const passwordAdapters: MtAdapterTable<"account.getPassword" | "auth.checkPassword"> = {
  async "account.getPassword"(ctx) {
    // What a client would use to set a new password (not served yet over MTProto, but always present in TL).
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
    return {
      _: "account.password",
      hasPassword: info.has_password,
      ...(info.hint ? { hint: info.hint } : {}),
      ...fresh,
    };
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
