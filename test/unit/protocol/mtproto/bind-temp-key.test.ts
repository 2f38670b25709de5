/** auth.bindTempAuthKey's encrypted_message: MTProto 1.0 KDF vectors, open/seal, tampering, and the binding checks. */
import { describe, expect, it } from "vitest";
import {
  authKeyId,
  CLIENT_TO_SERVER,
  deriveMessageKeyIvV1,
  SERVER_TO_CLIENT,
} from "../../../../protocol/mtproto/crypto/kdf.ts";
import { nobleCryptoProvider as c } from "../../../../protocol/mtproto/crypto/noble.ts";
import { CURRENT_LAYER, tablesForLayer } from "../../../../protocol/mtproto/layers/resolve.ts";
import {
  type BindInner,
  checkBind,
  openBindMessage,
  sealBindMessage,
} from "../../../../protocol/mtproto/session/bind-temp-key.ts";
import { decode, encode } from "../../../../protocol/mtproto/tl/codec.ts";
import { hex, seededRandom, toHex } from "./fixtures.ts";

describe("MTProto 1.0 KDF", () => {
  const chunk = hex("98cb29c6ffa89e79da695a54f572e6cb101e81c688b63a4bf73c3622dec230e0");
  const authKey = new Uint8Array(256).map((_, i) => chunk[i % 32]!);
  const msgKey = hex("25d701f2a29205526757825a99eb2d32");

  it("matches mtcute's vectors for both directions", () => {
    const cs = deriveMessageKeyIvV1(c, authKey, msgKey, CLIENT_TO_SERVER);
    expect(toHex(cs.key)).toBe("1fc7b40b1d9ffbdaf4d652525a748864259698f89214abf27c0d36cb9d4cd5db");
    expect(toHex(cs.iv)).toBe("7251fbda39ec5e6e089f15ded5963b03d6d8d0f7078898431fc7b40b1d9ffbda");
    const sc = deriveMessageKeyIvV1(c, authKey, msgKey, SERVER_TO_CLIENT);
    expect(toHex(sc.key)).toBe("af0e4e01318654be40ab42b125909d43b44bdeef571ff1a5dfb81474ae26d467");
    expect(toHex(sc.iv)).toBe("15c9ba6021d2c5cf04f0842540ae216a970b4eac8f46ef01af0e4e01318654be");
  });
});

describe("bind message", () => {
  const rnd = seededRandom("bind");
  const perm = rnd(256);
  const permId = authKeyId(c, perm);
  const t = tablesForLayer(CURRENT_LAYER);
  const inner: BindInner = {
    nonce: 77n,
    tempAuthKeyId: 1234n,
    permAuthKeyId: BigInt.asIntN(64, permId),
    tempSessionId: -9n,
    expiresAt: 1_790_086_400,
  };
  const msgId = 1_790_000_000n << 32n;
  const sealed = sealBindMessage(c, perm, permId, msgId, encode(t, { _: "mt_bind_auth_key_inner", ...inner }), rnd);

  it("opens what the client seals, and the inner object decodes", () => {
    const opened = openBindMessage(c, perm, permId, sealed);
    expect(opened.msgId).toBe(msgId);
    expect(opened.seqNo).toBe(0);
    const decoded = decode(t, opened.body) as unknown as BindInner & { _: string };
    expect(decoded).toEqual({ _: "mt_bind_auth_key_inner", ...inner });
    const call = { msgId, nonce: 77n, expiresAt: inner.expiresAt, permAuthKeyId: inner.permAuthKeyId };
    const conn = { tempAuthKeyId: 1234n, sessionId: -9n };
    expect(checkBind(opened, decoded, call, conn)).toBeNull();
    expect(checkBind(opened, decoded, { ...call, msgId: msgId + 4n }, conn)).toBe("ENCRYPTED_MESSAGE_INVALID");
    expect(checkBind(opened, decoded, { ...call, nonce: 78n }, conn)).toBe("ENCRYPTED_MESSAGE_INVALID");
    expect(checkBind(opened, decoded, { ...call, expiresAt: 1 }, conn)).toBe("ENCRYPTED_MESSAGE_INVALID");
    expect(checkBind(opened, decoded, { ...call, permAuthKeyId: 5n }, conn)).toBe("ENCRYPTED_MESSAGE_INVALID");
    expect(checkBind(opened, decoded, call, { ...conn, tempAuthKeyId: 1n })).toBe("TEMP_AUTH_KEY_EMPTY");
    expect(checkBind(opened, decoded, call, { ...conn, sessionId: 1n })).toBe("ENCRYPTED_MESSAGE_INVALID");
  });

  it("refuses tampering, another key and bad sizes", () => {
    for (const i of [8, 30, sealed.length - 1]) {
      const bad = sealed.slice();
      bad[i]! ^= 4;
      expect(() => openBindMessage(c, perm, permId, bad)).toThrow(
        expect.objectContaining({ fault: expect.stringMatching(/BAD_MSG_KEY|BAD_LENGTH/) }),
      );
    }
    const other = rnd(256);
    expect(() => openBindMessage(c, other, authKeyId(c, other), sealed)).toThrow(
      expect.objectContaining({ fault: "AUTH_KEY_MISMATCH" }),
    );
    expect(() => openBindMessage(c, perm, permId, sealed.subarray(0, sealed.length - 3))).toThrow(
      expect.objectContaining({ fault: "PACKET_MISALIGNED" }),
    );
    expect(() => openBindMessage(c, perm, permId, sealed.subarray(0, 24))).toThrow(
      expect.objectContaining({ fault: "PACKET_MISALIGNED" }),
    );
  });
});
