/** Property tests over the wire format: garbage never crashes the decoders, and every refusal is a clean RpcError. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { randomBytes } from "../../protocol/binary.ts";
import { RpcError } from "../../protocol/errors.ts";
import { openFrame, sealFrame } from "../../protocol/frame.ts";
import {
  CONNECT_HELLO_SIZE,
  clientFinishAuthKey,
  clientHello,
  connectProof,
  HELLO_SIZE,
  serverConnect,
  serverCreateAuthKey,
  serverIdentityFromSeed,
} from "../../protocol/handshake.ts";
import { fuzzRuns } from "./fuzz-config.ts";

const identity = serverIdentityFromSeed("ab".repeat(32));
const key = randomBytes(32);
const kid = randomBytes(8);
const RUNS = fuzzRuns(10_000);

const onlyRpcErrors = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RpcError);
    expect((e as RpcError).text).toMatch(/^[A-Z][A-Z0-9_]+$/);
  }
};

describe("fuzz: frame decoder", () => {
  it("Should return null (never throw) for arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        expect(openFrame(key, bytes)).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });

  it("Should reject every mutation of a valid frame (flips, truncations, extensions)", () => {
    const frame = sealFrame(key, kid, {
      sessionId: 1n,
      msgId: 2n,
      seqNo: 3,
      body: { a: [1, "x"] },
      blob: randomBytes(64),
    });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({
            kind: fc.constant("flip"),
            at: fc.nat({ max: frame.length - 1 }),
            bit: fc.integer({ min: 0, max: 7 }),
          }),
          fc.record({ kind: fc.constant("cut"), at: fc.nat({ max: frame.length - 1 }), bit: fc.constant(0) }),
          fc.record({ kind: fc.constant("grow"), at: fc.integer({ min: 1, max: 64 }), bit: fc.constant(0) }),
        ),
        ({ kind, at, bit }) => {
          let bad: Uint8Array;
          if (kind === "flip") {
            bad = frame.slice();
            bad[at] = (bad[at] as number) ^ (1 << bit);
          } else if (kind === "cut") bad = frame.subarray(0, at);
          else {
            bad = new Uint8Array(frame.length + at);
            bad.set(frame);
          }
          expect(openFrame(key, bad)).toBeNull();
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("Should round-trip arbitrary JSON bodies and blobs", () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.uint8Array({ maxLength: 512 }),
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        (body, blob, id) => {
          const opened = openFrame(key, sealFrame(key, kid, { sessionId: id, msgId: id, seqNo: 0, body, blob }));
          expect(opened?.body).toEqual(JSON.parse(JSON.stringify(body)));
          expect(opened?.blob).toEqual(blob);
        },
      ),
      { numRuns: Math.ceil(RUNS / 10) },
    );
  });
});

describe("fuzz: handshake parsers", () => {
  it("Should refuse arbitrary auth-key hellos only with RpcErrors", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) =>
        onlyRpcErrors(() => serverCreateAuthKey(bytes, identity)),
      ),
      { numRuns: Math.ceil(RUNS / 10) },
    );
  });

  it("Should refuse well-framed hellos with random points only with RpcErrors", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: HELLO_SIZE - 4, maxLength: HELLO_SIZE - 4 }), (rest) => {
        const hello = new Uint8Array(CONNECT_HELLO_SIZE);
        hello.set(new TextEncoder().encode("EGC1"));
        hello.set(rest, 4);
        // A valid proof, so the random points reach the key exchange.
        hello.set(connectProof(key, hello), HELLO_SIZE);
        onlyRpcErrors(() => serverConnect(hello, key, identity));
      }),
      { numRuns: Math.ceil(RUNS / 10) },
    );
  });

  it("Should refuse arbitrary server replies only with RpcErrors", () => {
    const hello = clientHello("auth-key");
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (reply) =>
        onlyRpcErrors(() => clientFinishAuthKey(hello, reply, identity.publicKey)),
      ),
      { numRuns: Math.ceil(RUNS / 10) },
    );
  });
});
