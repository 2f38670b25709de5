import { describe, expect, it } from "vitest";
import { randomBytes } from "../../protocol/binary.ts";
import { openFrame, sealFrame } from "../../protocol/frame.ts";
import { checkMsgIdWindow, MsgIdClock } from "../../protocol/msg-id.ts";

const key = randomBytes(32);
const kid = randomBytes(8);
const payload = {
  sessionId: 42n,
  msgId: 7n << 16n,
  seqNo: 3,
  body: { _: "rpc", method: "help.getConfig" },
  blob: randomBytes(100),
};

describe("frames", () => {
  it("Should round-trip session, ids, JSON body and blob", () => {
    const opened = openFrame(key, sealFrame(key, kid, payload));
    expect(opened).toMatchObject({ sessionId: 42n, msgId: 7n << 16n, seqNo: 3, body: payload.body });
    expect(opened?.blob).toEqual(payload.blob);
  });

  it("Should drop a frame with any single flipped bit", () => {
    const frame = sealFrame(key, kid, payload);
    for (const i of [0, 9, 40, frame.length - 1]) {
      const bad = frame.slice();
      bad[i] = (bad[i] as number) ^ 1;
      expect(openFrame(key, bad)).toBeNull();
    }
  });

  it("Should drop truncated frames and frames under another key", () => {
    const frame = sealFrame(key, kid, payload);
    expect(openFrame(key, frame.subarray(0, frame.length - 1))).toBeNull();
    expect(openFrame(key, frame.subarray(0, 20))).toBeNull();
    expect(openFrame(randomBytes(32), frame)).toBeNull();
    expect(openFrame(key, new Uint8Array())).toBeNull();
  });
});

describe("msg ids", () => {
  it("Should increase strictly even within one millisecond", () => {
    const clock = new MsgIdClock();
    const a = clock.next(1000);
    const b = clock.next(1000);
    expect(b > a).toBe(true);
  });

  it("Should accept now and refuse older than 300 s or more than 30 s ahead", () => {
    const now = 1_800_000_000_000;
    const at = (ms: number) => BigInt(ms) << 16n;
    expect(checkMsgIdWindow(at(now), now)).toBe("ok");
    expect(checkMsgIdWindow(at(now - 299_000), now)).toBe("ok");
    expect(checkMsgIdWindow(at(now - 301_000), now)).toBe("MSG_ID_TOO_OLD");
    expect(checkMsgIdWindow(at(now + 31_000), now)).toBe("MSG_ID_TOO_NEW");
  });
});
