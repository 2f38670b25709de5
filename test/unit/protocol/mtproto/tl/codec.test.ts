import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CURRENT_LAYER, tablesForLayer } from "../../../../../protocol/mtproto/layers/resolve.ts";
import {
  decode,
  decodeBare,
  decodeResult,
  encode,
  encodeBare,
  encodeResult,
  encodeValue,
  type TlObject,
} from "../../../../../protocol/mtproto/tl/codec.ts";
import { TlDecodeError, TlEncodeError } from "../../../../../protocol/mtproto/tl/errors.ts";
import { randomObject, rngFrom } from "../random-tl.ts";

const t = tablesForLayer(CURRENT_LAYER);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const unhex = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ""), "hex"));

function decodeError(f: () => unknown): TlDecodeError {
  try {
    f();
  } catch (e) {
    if (e instanceof TlDecodeError) return e;
    throw e;
  }
  throw new Error("expected a TlDecodeError");
}

describe("known-answer vectors (core.telegram.org/mtproto/samples-auth_key)", () => {
  const nonce = unhex("3E0549828CCA27E966B301A48FECE2FC");

  it("req_pq and req_pq_multi with the docs' nonce", () => {
    expect(hex(encode(t, { _: "mt_req_pq", nonce }))).toBe("789746603e0549828cca27e966b301a48fece2fc");
    expect(hex(encode(t, { _: "mt_req_pq_multi", nonce }))).toBe("f18e7ebe3e0549828cca27e966b301a48fece2fc");
  });

  it("resPQ from the docs decodes and re-encodes to the same bytes", () => {
    const bytes = unhex(`63241605 3E0549828CCA27E966B301A48FECE2FC A5CF4D33F4A11EA877BA4AA573907330
      08 17ED48941A08F981 000000 15C4B51C 01000000 216BE86C022BB4C3`);
    const obj = decode(t, bytes);
    expect(obj).toEqual({
      _: "mt_resPQ",
      nonce,
      serverNonce: unhex("A5CF4D33F4A11EA877BA4AA573907330"),
      pq: unhex("17ED48941A08F981"),
      serverPublicKeyFingerprints: [BigInt.asIntN(64, 0xc3b42b026ce86b21n)],
    });
    expect(encode(t, obj)).toEqual(bytes);
  });

  it("Bool, vectors and results by the method's type", () => {
    expect(hex(encodeResult(t, "auth.logOut", { _: "auth.loggedOut", flags: 0 }))).toBe("5f83a2c300000000");
    expect(hex(encodeResult(t, "account.resetAuthorization", true))).toBe("b5757299");
    expect(hex(encodeValue(t, "Vector<long>", [1n, -1n]))).toBe(
      "15c4b51c" + "02000000" + "0100000000000000" + "ffffffffffffffff",
    );
    expect(decodeResult(t, "account.resetAuthorization", unhex("379779bc"))).toBe(false);
  });
});

describe("encoding", () => {
  it("computes flags from the fields present and writes true-flags as bits only", () => {
    const bytes = encode(t, {
      _: "messages.sendMessage",
      silent: true,
      peer: { _: "inputPeerSelf" },
      message: "hi",
      randomId: 123n,
    });
    // id, flags = 1<<5 (silent), inputPeerSelf, "hi", random_id
    expect(hex(bytes)).toBe("628ff4fe20000000c97ea07d026869007b00000000000000");
  });

  it("bytes of 254 bytes and more take the 4-byte length form, padded to 4", () => {
    const long = new Uint8Array(300).fill(1);
    const bytes = encodeValue(t, "bytes", long);
    expect(hex(bytes.subarray(0, 4))).toBe("fe2c0100");
    expect(bytes.length).toBe(304);
    const short = encodeValue(t, "bytes", new Uint8Array(2));
    expect(hex(short)).toBe("02000000");
  });

  it("rejects what the schema cannot carry, saying where", () => {
    expect(() => encode(t, { _: "messages.sendMessage", peer: { _: "inputPeerSelf" }, message: "x" })).toThrow(
      /missing required field randomId/,
    );
    expect(() => encode(t, { _: "noSuchThing" })).toThrow(TlEncodeError);
    expect(() =>
      encode(t, { _: "messages.sendMessage", peer: { _: "peerUser", userId: 1n }, message: "x", randomId: 1n }),
    ).toThrow(/peerUser \(Peer\) where InputPeer belongs/);
    expect(() => encode(t, { _: "mt_req_pq", nonce: new Uint8Array(15) })).toThrow(/expected 16 bytes/);
    expect(() => encode(t, { _: "mt_ping", pingId: 2n ** 64n })).toThrow(/64-bit/);
    // peer and msg_id share flags.0 in layer 144: one without the other would desync the reader
    const t144 = tablesForLayer(144);
    expect(() => encode(t144, { _: "messages.translateText", peer: { _: "inputPeerSelf" }, toLang: "en" })).toThrow(
      /msgId shares flag bit 0/,
    );
    const cyclic: TlObject = { _: "invokeWithoutUpdates" };
    cyclic.query = cyclic;
    expect(() => encode(t, cyclic)).toThrow(/too deep/);
  });

  it("bare encoding leaves out the constructor id", () => {
    const salt = { _: "mt_future_salt", validSince: 1, validUntil: 2, salt: 3n };
    expect(hex(encodeBare(t, salt))).toBe(`0100000002000000${"03".padEnd(16, "0")}`);
    expect(decodeBare(t, "mt_future_salt", encodeBare(t, salt))).toEqual(salt);
  });

  it("an Object slot takes pre-encoded bytes as they are", () => {
    const body = encode(t, { _: "boolTrue" });
    const bytes = encode(t, { _: "mt_rpc_result", reqMsgId: 5n, result: body });
    expect(decode(t, bytes)).toEqual({ _: "mt_rpc_result", reqMsgId: 5n, result: { _: "boolTrue" } });
  });
});

describe("round trips", () => {
  it("every constructor and method of the service schema", () => {
    const mt = [...t.byName.values()].filter((c) => c.namespace === "mt");
    expect(mt.length).toBeGreaterThan(45);
    for (const ctor of mt) {
      for (let seed = 0; seed < 5; seed++) {
        const obj = randomObject(t, ctor, rngFrom(seed * 977 + ctor.id), 0, { anyObject: { _: "boolFalse" } });
        const bytes = ctor.name === "mt_message" ? encodeBare(t, obj) : encode(t, obj);
        const back = ctor.name === "mt_message" ? decodeBare(t, ctor.name, bytes) : decode(t, bytes);
        expect(back, ctor.name).toEqual(obj);
        expect(ctor.name === "mt_message" ? encodeBare(t, back) : encode(t, back)).toEqual(bytes);
      }
    }
  });

  it("a msg_container with two messages", () => {
    const ping = encode(t, { _: "mt_ping", pingId: 7n });
    const container = {
      _: "mt_msg_container",
      messages: [
        { _: "mt_message", msgId: 1n, seqno: 1, bytes: ping.length, body: { _: "mt_ping", pingId: 7n } },
        { _: "mt_message", msgId: 2n, seqno: 3, bytes: 8, body: { _: "mt_msgs_ack", msgIds: [] } },
      ],
    };
    expect(decode(t, encode(t, container))).toEqual(container);
  });

  it("every API constructor and method of the current layer, twice", () => {
    for (const ctor of t.byName.values()) {
      if (ctor.namespace !== "api") continue;
      for (const seed of [1, 2]) {
        const obj = randomObject(t, ctor, rngFrom(seed ^ ctor.id));
        expect(decode(t, encode(t, obj)), ctor.name).toEqual(obj);
      }
    }
  });

  it("gzip_packed: inflated through the injected hook, or handed back packed", () => {
    const inner = encode(t, { _: "help.getConfig" });
    const packed = encode(t, { _: "mt_gzip_packed", packedData: new Uint8Array(gzipSync(inner)) });
    expect(decode(t, packed, { inflate: (d) => new Uint8Array(gunzipSync(d)) })).toEqual({ _: "help.getConfig" });
    expect(decode(t, packed)._).toBe("mt_gzip_packed");
    const bad = encode(t, { _: "mt_gzip_packed", packedData: new Uint8Array([1, 2, 3]) });
    expect(decodeError(() => decode(t, bad, { inflate: (d) => new Uint8Array(gunzipSync(d)) })).fault).toBe("BAD_GZIP");
  });
});

describe("malformed input gives a typed TlDecodeError", () => {
  const valid = encode(t, {
    _: "messages.sendMessage",
    peer: { _: "inputPeerUser", userId: 5n, accessHash: 6n },
    message: "hello there",
    randomId: 1n,
    entities: [{ _: "messageEntityBold", offset: 0, length: 5 }],
  });

  it("every truncation of a valid object", () => {
    for (let n = 0; n < valid.length; n++) {
      expect(decodeError(() => decode(t, valid.subarray(0, n))).fault, `length ${n}`).toMatch(/TRUNCATED|BAD_VECTOR/);
    }
  });

  it("trailing bytes", () => {
    const e = decodeError(() => decode(t, new Uint8Array([...valid, 0, 0, 0, 0])));
    expect(e.fault).toBe("TRAILING_BYTES");
    expect(e.offset).toBe(valid.length);
  });

  it("an unknown constructor carries its id and offset", () => {
    const e = decodeError(() => decode(t, unhex("efbeadde")));
    expect(e.fault).toBe("UNKNOWN_CONSTRUCTOR");
    expect(e.constructorId).toBe(0xdeadbeef);
    expect(e.offset).toBe(0);
  });

  it("a constructor of the wrong type in a typed slot", () => {
    // messages.sendMessage whose peer is a Peer (peerUser), not an InputPeer
    const bytes = unhex(`628ff4fe 00000000 ${hex(encode(t, { _: "peerUser", userId: 1n }))} 00000000 0100000000000000`);
    const e = decodeError(() => decode(t, bytes));
    expect(e.fault).toBe("UNEXPECTED_CONSTRUCTOR");
    expect(e.offset).toBe(8);
  });

  it("vector counts and byte lengths bounded by the input left", () => {
    // msgs_ack with 2^31-1 ids and none present: refused before allocating
    expect(decodeError(() => decode(t, unhex("59b4d662 15c4b51c ffffff7f"))).fault).toBe("BAD_VECTOR");
    expect(decodeError(() => decode(t, unhex("59b4d662 15c4b51c ffffffff"))).fault).toBe("BAD_VECTOR");
    // bytes claiming 0xffffff bytes
    expect(decodeError(() => decode(t, unhex("19ca4421 01000000 feffffff"))).fault).toBe("TRUNCATED");
    expect(decodeError(() => decode(t, unhex("19ca4421 01000000 ff000000"))).fault).toBe("BAD_LENGTH");
  });

  it("a Bool that is neither boolTrue nor boolFalse", () => {
    const bytes = encodeResult(t, "account.resetAuthorization", true);
    bytes[0] = 0;
    expect(decodeError(() => decodeResult(t, "account.resetAuthorization", bytes)).fault).toBe("BAD_BOOL");
  });

  it("nesting deeper than any real object", () => {
    const wrapper = unhex("b75994bf"); // invokeWithoutUpdates, repeated: each wraps the next
    const bytes = new Uint8Array(wrapper.length * 200 + 4);
    for (let i = 0; i < 200; i++) bytes.set(wrapper, i * 4);
    bytes.set(unhex("6b18f9c4"), 800); // help.getConfig
    expect(decodeError(() => decode(t, bytes)).fault).toBe("TOO_DEEP");
  });
});
