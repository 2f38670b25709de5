/** The MTProto session layer: envelopes both ways, msg_id/seqno/salt/replay rules, containers, gzip, acks. */
import { deflateSync, gzipSync, zlibSync } from "fflate";
import { describe, expect, it } from "vitest";
import {
  CLIENT_TO_SERVER,
  computeMsgKey,
  deriveMessageKeyIv,
  authKeyId as keyIdOf,
  SERVER_TO_CLIENT,
} from "../../../../protocol/mtproto/crypto/kdf.ts";
import { nobleCryptoProvider as c } from "../../../../protocol/mtproto/crypto/noble.ts";
import { EnvelopeError } from "../../../../protocol/mtproto/errors.ts";
import { packContainer, unpackContainer } from "../../../../protocol/mtproto/session/container.ts";
import {
  decodePlainMessage,
  encodePlainMessage,
  openMessage,
  packetAuthKeyId,
  sealMessage,
} from "../../../../protocol/mtproto/session/envelope.ts";
import {
  gzipIfSmaller,
  gzipPacked,
  inflateCapped,
  unwrapGzipPacked,
} from "../../../../protocol/mtproto/session/gzip.ts";
import {
  checkClientMsgId,
  msgIdFromTime,
  nextClientMsgId,
  nextServerMsgId,
} from "../../../../protocol/mtproto/session/msg-id.ts";
import { currentSalt, futureSalts, isSaltAccepted, refreshSalts } from "../../../../protocol/mtproto/session/salts.ts";
import {
  applyAcks,
  msgsStateInfo,
  nextOutgoing,
  type ReceiveContext,
  receive,
  type SessionState,
  takeAcks,
} from "../../../../protocol/mtproto/session/session.ts";
import { seededRandom, toHex } from "./fixtures.ts";

const rnd = seededRandom("session");
const authKey = rnd(256);
const keyId = keyIdOf(c, authKey);
const NOW = 1_790_000_000_000;
const word = (id: number, extra = 0) => {
  const b = new Uint8Array(4 + extra * 4);
  new DataView(b.buffer).setUint32(0, id, true);
  return b;
};
const PING = word(0x7abe77ec, 2); // ping#7abe77ec ping_id:long
const ACK = (() => {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0x62d6b459, true);
  v.setUint32(4, 0x1cb5c415, true);
  return b; // msgs_ack with an empty vector
})();

describe("msg_id", () => {
  it("server ids are ≡1 mod 4 for responses, ≡3 for server messages, strictly increasing even if the clock stalls or goes back", () => {
    let last = 0n;
    const ids: bigint[] = [];
    for (const [t, kind] of [
      [NOW, "response"],
      [NOW, "response"],
      [NOW, "server"],
      [NOW - 5000, "response"],
      [NOW + 1, "server"],
    ] as const) {
      last = nextServerMsgId(last, t, kind);
      ids.push(last);
      expect(last % 4n).toBe(kind === "response" ? 1n : 3n);
    }
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(ids[0]! >> 32n).toBe(BigInt(NOW / 1000));
  });

  it("client ids: 18 if not divisible by 4, 16 if older than 300 s, 17 if over 30 s ahead", () => {
    const now = msgIdFromTime(NOW);
    expect(checkClientMsgId(nextClientMsgId(0n, NOW), NOW)).toBeNull();
    expect(checkClientMsgId(now | 1n, NOW)).toBe(18);
    expect(checkClientMsgId(msgIdFromTime(NOW - 299_000) & ~3n, NOW)).toBeNull();
    expect(checkClientMsgId(msgIdFromTime(NOW - 301_000) & ~3n, NOW)).toBe(16);
    expect(checkClientMsgId(msgIdFromTime(NOW + 29_000) & ~3n, NOW)).toBeNull();
    expect(checkClientMsgId(msgIdFromTime(NOW + 31_000) & ~3n, NOW)).toBe(17);
  });
});

describe("encrypted envelope", () => {
  const msg = { salt: 7n, sessionId: -5n, msgId: msgIdFromTime(NOW), seqNo: 1, body: rnd(40) };

  it("what a client seals (x=0) the server opens, and what the server seals (x=8) the client opens", () => {
    const up = sealMessage(c, authKey, keyId, msg, CLIENT_TO_SERVER, rnd);
    expect(packetAuthKeyId(up)).toBe(keyId);
    expect((up.length - 24) % 16).toBe(0);
    const got = openMessage(c, authKey, keyId, up, CLIENT_TO_SERVER);
    expect({ ...got, body: toHex(got.body) }).toEqual({ ...msg, body: toHex(msg.body) });
    const down = sealMessage(c, authKey, keyId, msg, SERVER_TO_CLIENT, rnd, { extraPaddingBlocks: 8 });
    expect(toHex(openMessage(c, authKey, keyId, down, SERVER_TO_CLIENT).body)).toBe(toHex(msg.body));
    // A message sealed for one direction never opens in the other.
    expect(() => openMessage(c, authKey, keyId, down, CLIENT_TO_SERVER)).toThrow(
      expect.objectContaining({ fault: "BAD_MSG_KEY" }),
    );
  });

  it("padding is 12–1024 bytes and the plaintext a whole number of blocks", () => {
    for (let n = 0; n < 64; n += 4) {
      const p = sealMessage(c, authKey, keyId, { ...msg, body: rnd(n) }, SERVER_TO_CLIENT, rnd);
      const pad = p.length - 24 - 32 - n;
      expect(pad).toBeGreaterThanOrEqual(12);
      expect(pad).toBeLessThan(28);
    }
  });

  it("any flipped bit, another key or a short packet is refused with a typed fault", () => {
    const up = sealMessage(c, authKey, keyId, msg, CLIENT_TO_SERVER, rnd);
    for (const i of [8, 23, 24, 40, up.length - 1]) {
      const bad = up.slice();
      bad[i]! ^= 0x10;
      expect(() => openMessage(c, authKey, keyId, bad, CLIENT_TO_SERVER)).toThrow(
        expect.objectContaining({ fault: "BAD_MSG_KEY" }),
      );
    }
    const other = rnd(256);
    expect(() => openMessage(c, other, keyIdOf(c, other), up, CLIENT_TO_SERVER)).toThrow(
      expect.objectContaining({ fault: "AUTH_KEY_MISMATCH" }),
    );
    expect(() => openMessage(c, authKey, keyId, up.subarray(0, 60), CLIENT_TO_SERVER)).toThrow(
      expect.objectContaining({ fault: "PACKET_TOO_SHORT" }),
    );
    expect(() => openMessage(c, authKey, keyId, up.subarray(0, up.length - 4), CLIENT_TO_SERVER)).toThrow(
      expect.objectContaining({ fault: "PACKET_MISALIGNED" }),
    );
    const padded = new Uint8Array([...up, 1, 2, 3]);
    expect(openMessage(c, authKey, keyId, padded, CLIENT_TO_SERVER, { transportPadding: true }).msgId).toBe(msg.msgId);
  });

  /** Seals a hand-made plaintext with a correct msg_key, to reach the checks after it. */
  const sealRaw = (plain: Uint8Array) => {
    const msgKey = computeMsgKey(c, authKey, plain, CLIENT_TO_SERVER);
    const { key, iv } = deriveMessageKeyIv(c, authKey, msgKey, CLIENT_TO_SERVER);
    const out = new Uint8Array(24 + plain.length);
    new DataView(out.buffer).setBigUint64(0, keyId, true);
    out.set(msgKey, 8);
    out.set(c.aesIgeEncrypt(plain, key, iv), 24);
    return out;
  };
  const plainWith = (len: number, total: number) => {
    const p = rnd(total);
    new DataView(p.buffer).setInt32(28, len, true);
    return p;
  };

  it("a correct msg_key does not save a bad length or padding", () => {
    expect(() => openMessage(c, authKey, keyId, sealRaw(plainWith(8, 48)), CLIENT_TO_SERVER)).toThrow(
      expect.objectContaining({ fault: "BAD_LENGTH" }),
    ); // 48 - 32 - 8 = 8 bytes of padding < 12
    expect(() => openMessage(c, authKey, keyId, sealRaw(plainWith(6, 64)), CLIENT_TO_SERVER)).toThrow(
      expect.objectContaining({ fault: "BAD_LENGTH" }),
    );
    expect(() => openMessage(c, authKey, keyId, sealRaw(plainWith(-4, 64)), CLIENT_TO_SERVER)).toThrow(
      expect.objectContaining({ fault: "BAD_LENGTH" }),
    );
    expect(() => openMessage(c, authKey, keyId, sealRaw(plainWith(4, 32 + 4 + 1036)), CLIENT_TO_SERVER)).toThrow(
      expect.objectContaining({ fault: "BAD_PADDING" }),
    );
    expect(openMessage(c, authKey, keyId, sealRaw(plainWith(4, 32 + 4 + 1020)), CLIENT_TO_SERVER).body.length).toBe(4);
  });

  it("plain messages round-trip; a non-zero auth_key_id or bad length is refused", () => {
    const p = encodePlainMessage(12n << 32n, PING);
    expect(packetAuthKeyId(p)).toBe(0n);
    expect(toHex(decodePlainMessage(p).body)).toBe(toHex(PING));
    expect(toHex(decodePlainMessage(new Uint8Array([...p, 9, 9])).body)).toBe(toHex(PING));
    const keyed = p.slice();
    keyed[0] = 1;
    expect(() => decodePlainMessage(keyed)).toThrow(expect.objectContaining({ fault: "NOT_PLAIN" }));
    expect(() => decodePlainMessage(p.subarray(0, 22))).toThrow(EnvelopeError);
    expect(() => decodePlainMessage(p.subarray(0, p.length - 4))).toThrow(
      expect.objectContaining({ fault: "BAD_LENGTH" }),
    );
  });
});

describe("containers", () => {
  const msgs = [
    { msgId: 4n, seqNo: 1, body: PING },
    { msgId: 8n, seqNo: 2, body: ACK },
  ];

  it("round-trip", () => {
    expect(unpackContainer(packContainer(msgs)).map((m) => [m.msgId, m.seqNo, toHex(m.body)])).toEqual(
      msgs.map((m) => [m.msgId, m.seqNo, toHex(m.body)]),
    );
  });

  it("malformed containers are BAD_CONTAINER", () => {
    const good = packContainer(msgs);
    const v = (b: Uint8Array) => new DataView(b.buffer);
    const cases: Uint8Array[] = [];
    let b = good.slice();
    v(b).setInt32(4, 5000, true); // count over the limit
    cases.push(b);
    b = good.slice();
    v(b).setInt32(4, 3, true); // count larger than the body
    cases.push(b);
    b = good.slice();
    v(b).setInt32(8 + 12, 6, true); // misaligned length
    cases.push(b);
    b = good.slice();
    v(b).setInt32(8 + 12, 1 << 20, true); // length past the end
    cases.push(b);
    cases.push(new Uint8Array([...good, 0, 0, 0, 0])); // trailing bytes
    cases.push(packContainer([{ msgId: 4n, seqNo: 0, body: good }])); // nested
    cases.push(packContainer([msgs[0]!, msgs[0]!])); // duplicate ids
    cases.push(good.subarray(0, 6));
    for (const x of cases)
      expect(() => unpackContainer(x)).toThrow(expect.objectContaining({ fault: "BAD_CONTAINER" }));
  });
});

describe("gzip_packed", () => {
  it("round-trips and only packs when it pays", () => {
    const body = new Uint8Array(4000).fill(7);
    const packed = gzipIfSmaller(body);
    expect(packed.length).toBeLessThan(200);
    expect(toHex(unwrapGzipPacked(packed))).toBe(toHex(body));
    expect(gzipIfSmaller(PING)).toBe(PING);
    expect(unwrapGzipPacked(PING)).toBe(PING);
    const noisy = rnd(1000);
    expect(gzipIfSmaller(noisy)).toBe(noisy);
    expect(toHex(unwrapGzipPacked(gzipPacked(noisy)))).toBe(toHex(noisy));
  });

  it("inflates zlib and raw deflate too (mtcute packs with zlib, and Telegram accepts it)", () => {
    const body = new Uint8Array(4000).map((_, i) => i % 13);
    expect(toHex(inflateCapped(zlibSync(body)))).toBe(toHex(body));
    expect(toHex(inflateCapped(deflateSync(body)))).toBe(toHex(body));
    expect(() => inflateCapped(zlibSync(new Uint8Array(8 * 1024 * 1024)), 1024 * 1024)).toThrow(
      expect.objectContaining({ fault: "BAD_GZIP" }),
    );
  });

  it("refuses a zip bomb at the cap, and corrupt or truncated streams", () => {
    const bomb = gzipSync(new Uint8Array(8 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(20_000);
    expect(() => inflateCapped(bomb, 1024 * 1024)).toThrow(expect.objectContaining({ fault: "BAD_GZIP" }));
    const ok = gzipSync(rnd(5000));
    expect(() => inflateCapped(ok.subarray(0, ok.length - 100))).toThrow(
      expect.objectContaining({ fault: "BAD_GZIP" }),
    );
    const corrupt = ok.slice();
    corrupt[10] = 0xff; // the first deflate block: reserved block type 3
    expect(() => inflateCapped(corrupt)).toThrow(expect.objectContaining({ fault: "BAD_GZIP" }));
    expect(() => inflateCapped(new Uint8Array(0))).toThrow(expect.objectContaining({ fault: "BAD_GZIP" }));
    const lying = gzipPacked(rnd(100));
    lying[4] = 250;
    expect(() => unwrapGzipPacked(lying)).toThrow(expect.objectContaining({ fault: "BAD_GZIP" }));
  });
});

describe("server salts", () => {
  it("cover now and the next hours, and accept a just-expired salt for a grace period only", () => {
    const now = NOW / 1000;
    const salts = refreshSalts([], now, rnd);
    expect(futureSalts(salts, now, 64).length).toBeGreaterThanOrEqual(4);
    const cur = currentSalt(salts, now)!;
    expect(isSaltAccepted(salts, cur.salt, now)).toBe(true);
    expect(isSaltAccepted(salts, cur.salt, cur.validUntil + 60)).toBe(true);
    expect(isSaltAccepted(salts, cur.salt, cur.validUntil + 3600)).toBe(false);
    expect(isSaltAccepted(salts, 12345n, now)).toBe(false);
    const later = refreshSalts(salts, now + 10 * 3600, rnd);
    expect(later.some((s) => s.salt === cur.salt)).toBe(false);
    expect(currentSalt(later, now + 10 * 3600)).toBeDefined();
  });
});

describe("session state machine", () => {
  const salts = refreshSalts([], NOW / 1000, rnd);
  const salt = currentSalt(salts, NOW / 1000)!.salt;
  const ctx: ReceiveContext = { nowMs: NOW, salts, random: rnd };
  let clientLast = 0n;
  const nextId = () => {
    clientLast = nextClientMsgId(clientLast, NOW);
    return clientLast;
  };
  const env = (body: Uint8Array, seqNo: number, msgId = nextId(), s = salt) => ({
    salt: s,
    sessionId: 99n,
    msgId,
    seqNo,
    body,
  });
  const start = (): SessionState => {
    const r = receive(undefined, env(PING, 1), ctx);
    expect(r.replies.map((x) => x._)).toEqual(["mt_new_session_created"]);
    expect(r.accepted).toHaveLength(1);
    return r.state;
  };

  it("a new session announces itself with first_msg_id and the current salt", () => {
    const m = env(PING, 1);
    const r = receive(undefined, m, ctx);
    expect(r.replies[0]).toMatchObject({ _: "mt_new_session_created", firstMsgId: m.msgId, serverSalt: salt });
    expect(r.state.pendingAcks).toEqual([m.msgId]);
  });

  it("a replayed msg_id is ignored, not processed twice", () => {
    const s = start();
    const m = env(PING, 3);
    expect(receive(s, m, ctx).accepted).toHaveLength(1);
    const again = receive(s, m, ctx);
    expect(again.accepted).toHaveLength(0);
    expect(again.duplicates).toEqual([m.msgId]);
  });

  it("answers bad_msg_notification 16/17/18 for msg_ids outside the window or not divisible by 4", () => {
    const s = start();
    const code = (msgId: bigint) => receive(s, env(PING, 3, msgId), ctx).replies[0];
    expect(code(msgIdFromTime(NOW - 400_000) & ~3n)).toMatchObject({ _: "mt_bad_msg_notification", errorCode: 16 });
    expect(code(msgIdFromTime(NOW + 60_000) & ~3n)).toMatchObject({ errorCode: 17 });
    expect(code(nextId() | 2n)).toMatchObject({ errorCode: 18 });
  });

  it("checks seqno parity (34/35) and order (32/33)", () => {
    const s = start(); // seqno 1 received
    expect(receive(s, env(PING, 2), ctx).replies[0]).toMatchObject({ errorCode: 35 });
    // An ack numbered as content-related (mtcute does) is taken, as Telegram takes it; a container is not.
    expect(receive(s, env(ACK, 3), ctx).accepted).toHaveLength(1);
    expect(receive(s, env(PING, 5), ctx).accepted).toHaveLength(1);
    expect(
      receive(s, env(packContainer([{ msgId: nextId(), seqNo: 9, body: PING }]), 7), ctx).replies[0],
    ).toMatchObject({ errorCode: 34 });
    expect(receive(s, env(PING, 3), ctx).replies[0]).toMatchObject({ errorCode: 32 });
    const early = nextId();
    expect(receive(s, env(PING, 9), ctx).accepted).toHaveLength(1);
    expect(receive(s, env(PING, 11, early), ctx).replies[0]).toMatchObject({ errorCode: 33 });
  });

  it("a wrong salt earns bad_server_salt with the current salt, and the same msg_id resent with it is accepted", () => {
    const s = start();
    const m = env(PING, 3, nextId(), 42n);
    const r = receive(s, m, ctx);
    expect(r.replies).toEqual([
      { _: "mt_bad_server_salt", badMsgId: m.msgId, badMsgSeqno: 3, errorCode: 48, newServerSalt: salt },
    ]);
    expect(r.accepted).toHaveLength(0);
    expect(receive(s, { ...m, salt }, ctx).accepted).toHaveLength(1);
  });

  it("unpacks containers, judging each message; a repeated container id is 19 and a broken one 64", () => {
    const s = start();
    const a = nextId();
    const b = nextId();
    const cont = packContainer([
      { msgId: a, seqNo: 3, body: PING },
      { msgId: b, seqNo: 4, body: ACK },
    ]);
    const outer = env(cont, 4);
    const r = receive(s, outer, ctx);
    expect(r.replies).toEqual([]);
    expect(r.accepted.map((m) => [m.msgId, m.contentRelated])).toEqual([
      [a, true],
      [b, false],
    ]);
    expect(receive(s, outer, ctx).replies[0]).toMatchObject({ errorCode: 19 });
    const inner = nextId();
    const mixed = receive(
      s,
      env(
        packContainer([
          { msgId: a, seqNo: 3, body: PING },
          { msgId: inner | 1n, seqNo: 5, body: PING },
        ]),
        6,
      ),
      ctx,
    );
    expect(mixed.duplicates).toEqual([a]);
    expect(mixed.replies[0]).toMatchObject({ badMsgId: inner | 1n, errorCode: 18 });
    const broken = cont.slice();
    new DataView(broken.buffer).setInt32(4, 900, true);
    expect(receive(s, env(broken, 8), ctx).replies[0]).toMatchObject({ errorCode: 64 });
  });

  it("a msg_id below the remembered window cannot be verified: 20", () => {
    const s = start();
    s.replay.capacity = 4;
    const old = nextId();
    for (let i = 0; i < 6; i++) receive(s, env(PING, 3 + i * 2), ctx);
    expect(receive(s, env(PING, 1, old), ctx).replies[0]).toMatchObject({ errorCode: 20 });
  });

  it("answers msgs_state_req from the replay window", () => {
    const s = start();
    const seen = nextId();
    receive(s, env(PING, 3, seen), ctx);
    const unseen = nextId();
    const old = msgIdFromTime(NOW - 400_000) & ~3n;
    const future = msgIdFromTime(NOW + 60_000) & ~3n;
    expect([...msgsStateInfo(s, [seen, unseen, old, future], NOW)]).toEqual([4, 2, 1, 3]);
  });

  it("numbers outgoing messages and keeps acks both ways", () => {
    const s = start();
    const a = nextOutgoing(s, NOW, { contentRelated: true, kind: "response" });
    const b = nextOutgoing(s, NOW, { contentRelated: false, kind: "server" });
    const d = nextOutgoing(s, NOW, { contentRelated: true, kind: "server" });
    expect([a.seqNo, b.seqNo, d.seqNo]).toEqual([1, 2, 3]);
    expect([a.msgId % 4n, b.msgId % 4n, d.msgId % 4n]).toEqual([1n, 3n, 3n]);
    expect(s.unacked).toEqual([a.msgId, d.msgId]);
    applyAcks(s, [a.msgId]);
    expect(s.unacked).toEqual([d.msgId]);
    const acks = takeAcks(s);
    expect(acks?._).toBe("mt_msgs_ack");
    expect(acks?.msgIds).toHaveLength(1);
    expect(takeAcks(s)).toBeNull();
  });
});
