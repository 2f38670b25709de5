import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { authKeyObjectOf } from "../../core/objects.ts";
import { RawDevice, signUpRaw } from "./raw-device.ts";

describe("encrypted session", () => {
  it("answers an RPC over the encrypted WebSocket", async () => {
    const dev = await RawDevice.connect();
    const config = (await dev.call("help.getConfig")) as { message_length_max: number };
    expect(config.message_length_max).toBe(4096);
  });

  it("refuses a replayed frame with MSG_ID_DUPLICATE and keeps working", async () => {
    const dev = await RawDevice.connect();
    const first = dev.rpc("help.getConfig");
    expect((await dev.answer(first.msgId))?._).toBe("result");
    dev.send(first.frame);
    const again = await dev.answer(first.msgId);
    expect(again).toMatchObject({ _: "bad_msg", code: 19, message: "MSG_ID_DUPLICATE" });
    expect(await dev.call("help.getConfig")).toBeTruthy();
  });

  it("signs up and lists its authorization", async () => {
    const dev = await RawDevice.connect();
    await signUpRaw(dev, "Alice");
    const auths = (await dev.call("account.getAuthorizations")) as { authorizations: { current: boolean }[] };
    expect(auths.authorizations).toHaveLength(1);
    expect(auths.authorizations[0]?.current).toBe(true);
  });
});

describe("requests left unanswered by a restarted object", () => {
  it("does not run again a resent request whose instance died before answering, and says so", async () => {
    const dev = await RawDevice.connect();
    const msgId = dev.clock.next();
    // As if an earlier instance recorded this request on another connection, then died mid-way.
    const stub = authKeyObjectOf(env as never, dev.authKeyId);
    await runInDurableObject(stub, (_obj, state) => {
      state.storage.sql.exec(
        "INSERT INTO seen (session_id, msg_id, conn, done, at) VALUES (?, ?, 'dead-connection', 0, ?)",
        `${dev.authKeyId}:${dev.sessionId}`,
        msgId.toString(),
        Date.now(),
      );
    });
    dev.rpc("help.getConfig", {}, { msgId });
    expect(await dev.answer(msgId)).toMatchObject({ _: "error", code: 500, message: "RPC_INTERRUPTED" });
    // The client may ask again under a new msg_id; that is a new request and runs.
    expect(await dev.call("help.getConfig")).toBeTruthy();
  });
});
