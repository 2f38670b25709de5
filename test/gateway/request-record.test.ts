/**
 * What a device keeps on record per incoming message: requests are recorded against replay, acks are
 * not (a replayed ack deletes nothing new), and a read resent on a new connection simply runs again.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { authKeyObjectOf } from "../../core/objects.ts";
import { RawDevice, signUpRaw } from "./raw-device.ts";

const sql = <T>(dev: RawDevice, query: string, ...args: unknown[]) =>
  runInDurableObject(
    authKeyObjectOf(env as never, dev.authKeyId),
    (_obj, state) => state.storage.sql.exec(query, ...args).toArray() as T[],
  );

describe("the request record", () => {
  it("keeps acks off the record: the acked answer goes, no replay row is written, a replayed ack changes nothing", async () => {
    const dev = await RawDevice.connect();
    const req = dev.rpc("help.getConfig");
    const answer = await dev.next((m) => m.body._ === "result" && m.body.req_msg_id === String(req.msgId));
    const answerId = String(answer?.msgId);
    const sk = `${dev.authKeyId}:${dev.sessionId}`;
    const stored = "SELECT 1 FROM outbox WHERE session_id = ? AND msg_id = ?";
    expect(await sql(dev, stored, sk, answerId)).toHaveLength(1);
    const ack = dev.frame({ _: "ack", msg_ids: [answerId] });
    dev.send(ack.frame);
    // The ack is handled before the next frame on the socket, whose answer tells it is done.
    expect(await dev.call("help.getConfig")).toBeTruthy();
    expect(await sql(dev, stored, sk, answerId)).toEqual([]);
    expect(await sql(dev, "SELECT 1 FROM seen WHERE session_id = ? AND msg_id = ?", sk, String(ack.msgId))).toEqual([]);
    // The request itself stays on record: replayed, it is refused.
    dev.send(req.frame);
    expect(await dev.answer(req.msgId)).toMatchObject({ _: "bad_msg", code: 19, message: "MSG_ID_DUPLICATE" });
    dev.send(ack.frame);
    expect(await dev.call("help.getConfig")).toBeTruthy(); // answered after the ack was handled
    expect(await dev.next((m) => m.body._ === "bad_msg", 0)).toBeNull();
  });

  it("runs upload.getFile again when it is resent on a new connection, where a request with effects is refused", async () => {
    const dev = await RawDevice.connect();
    await signUpRaw(dev, "Reader");
    const msgId = dev.clock.next();
    // As if an earlier instance recorded this request on another connection, then died mid-way.
    await sql(
      dev,
      "INSERT INTO seen (session_id, msg_id, conn, done, at) VALUES (?, ?, 'dead-connection', 0, ?)",
      `${dev.authKeyId}:${dev.sessionId}`,
      msgId.toString(),
      Date.now(),
    );
    const params = { media_id: "A".repeat(24), access_hash: "B".repeat(24), offset: 0, limit: 1024 };
    dev.rpc("upload.getFile", params, { msgId });
    // It ran (the media is unknown), rather than being refused as interrupted.
    expect(await dev.answer(msgId)).toMatchObject({ _: "error", code: 400, message: "MEDIA_INVALID" });
    // On the same connection the same frame is a replay.
    dev.rpc("upload.getFile", params, { msgId });
    expect(await dev.answer(msgId)).toMatchObject({ _: "bad_msg", code: 19, message: "MSG_ID_DUPLICATE" });
  });

  it("records an answered request by its answer kept in the outbox: resent on a new connection it gets that answer, once", async () => {
    const dev = await RawDevice.connect();
    const req = dev.rpc("help.getConfig");
    expect((await dev.answer(req.msgId))?._).toBe("result");
    const sk = `${dev.authKeyId}:${dev.sessionId}`;
    // One row on record for the request (not marked done: its kept answer says so).
    expect(await sql(dev, "SELECT done FROM seen WHERE session_id = ? AND msg_id = ?", sk, String(req.msgId))).toEqual([
      { done: 0 },
    ]);
    const again = await RawDevice.connect({ authKey: dev.authKey, authKeyId: dev.authKeyId });
    Object.assign(again, { sessionId: dev.sessionId });
    again.rpc("help.getConfig", {}, { msgId: req.msgId });
    expect(await again.answer(req.msgId)).toMatchObject({ _: "result" });
    expect(await again.call("help.getConfig")).toBeTruthy(); // answered after the resend was handled
    expect(await again.next((m) => "req_msg_id" in m.body && m.body.req_msg_id === String(req.msgId), 0)).toBeNull();
  });
});
