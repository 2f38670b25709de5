/**
 * What a device keeps on record per incoming message: requests are recorded against replay, with their
 * answers until acked; acks are not (a replayed ack forgets nothing new), and a read resent on a new
 * connection simply runs again.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { authKeyObjectOf } from "../../core/objects.ts";
import { ACKS_KEPT, dropAckedBefore } from "../../durable-objects/answer-acks.ts";
import type { OpenSocket } from "../../durable-objects/device-socket.ts";
import { SEEN_WINDOW_MS } from "../../durable-objects/session-store.ts";
import { RawDevice, signUpRaw } from "./raw-device.ts";

const shardOf = (dev: RawDevice) => authKeyObjectOf(env as never, dev.authKeyId);

/** The device's sockets' attachments as the shard keeps them. */
const attachments = (dev: RawDevice) =>
  runInDurableObject(shardOf(dev), (_obj, state) =>
    state.getWebSockets(dev.authKeyId).map((ws) => ws.deserializeAttachment() as OpenSocket),
  );

const sql = <T>(dev: RawDevice, query: string, ...args: unknown[]) =>
  runInDurableObject(
    authKeyObjectOf(env as never, dev.authKeyId),
    (_obj, state) => state.storage.sql.exec(query, ...args).toArray() as T[],
  );

describe("the request record", () => {
  it("keeps the answer in its record; an ack on the socket writes nothing, and the record goes with its answer after the window", async () => {
    const dev = await RawDevice.connect();
    const req = dev.rpc("help.getConfig");
    const answer = await dev.next((m) => m.body._ === "result" && m.body.req_msg_id === String(req.msgId));
    const answerId = String(answer?.msgId);
    const sk = `${dev.authKeyId}:${dev.sessionId}`;
    const record = "SELECT answer_id, answer IS NOT NULL AS kept FROM seen WHERE session_id = ? AND msg_id = ?";
    expect(await sql(dev, record, sk, String(req.msgId))).toEqual([{ answer_id: answerId, kept: 1 }]);
    expect(await sql(dev, "SELECT 1 FROM outbox WHERE session_id = ?", sk)).toEqual([]);
    const ack = dev.frame({ _: "ack", msg_ids: [answerId] });
    dev.send(ack.frame);
    // The ack is handled before the next frame on the socket, whose answer tells it is done.
    expect(await dev.call("help.getConfig")).toBeTruthy();
    // Remembered in the socket's attachment, not written: the record and its answer wait for the window.
    expect(await sql(dev, record, sk, String(req.msgId))).toEqual([{ answer_id: answerId, kept: 1 }]);
    expect((await attachments(dev)).some((a) => a.acked?.includes(answerId))).toBe(true);
    expect(await sql(dev, "SELECT 1 FROM seen WHERE session_id = ? AND msg_id = ?", sk, String(ack.msgId))).toEqual([]);
    // The request itself stays on record: replayed, it is refused.
    dev.send(req.frame);
    expect(await dev.answer(req.msgId)).toMatchObject({ _: "bad_msg", code: 19, message: "MSG_ID_DUPLICATE" });
    dev.send(ack.frame);
    expect(await dev.call("help.getConfig")).toBeTruthy(); // answered after the ack was handled
    expect(await dev.next((m) => m.body._ === "bad_msg", 0)).toBeNull();
    // Once the msg_id window has passed (here: a cutoff ahead of now), the record goes in one delete.
    await runInDurableObject(shardOf(dev), (_obj, state) =>
      dropAckedBefore(state, state.storage.sql, Date.now() + SEEN_WINDOW_MS),
    );
    expect(await sql(dev, record, sk, String(req.msgId))).toEqual([]);
    expect((await attachments(dev)).some((a) => a.acked?.includes(answerId))).toBe(false);
  });

  it("drops the answer from its record when an ack does not fit the socket's memory: the record stays, a resend gets bad_msg 19", async () => {
    const dev = await RawDevice.connect();
    const reqs = Array.from({ length: ACKS_KEPT + 1 }, () => dev.rpc("help.getConfig").msgId);
    const answers: string[] = [];
    for (const id of reqs) {
      const a = await dev.next((m) => m.body._ === "result" && m.body.req_msg_id === String(id));
      answers.push(String(a?.msgId));
    }
    dev.send(dev.frame({ _: "ack", msg_ids: answers }).frame);
    expect(await dev.call("help.getConfig")).toBeTruthy();
    const sk = `${dev.authKeyId}:${dev.sessionId}`;
    const kept = (id: bigint) =>
      sql<{ kept: number }>(
        dev,
        "SELECT answer IS NOT NULL AS kept FROM seen WHERE session_id = ? AND msg_id = ?",
        sk,
        String(id),
      );
    expect(await kept(reqs[0] as bigint)).toEqual([{ kept: 1 }]); // remembered on the socket
    expect(await kept(reqs[ACKS_KEPT] as bigint)).toEqual([{ kept: 0 }]); // written: the record stays
    const again = await RawDevice.connect({ authKey: dev.authKey, authKeyId: dev.authKeyId });
    Object.assign(again, { sessionId: dev.sessionId });
    again.rpc("help.getConfig", {}, { msgId: reqs[ACKS_KEPT] });
    expect(await again.answer(reqs[ACKS_KEPT] as bigint)).toMatchObject({ _: "bad_msg", code: 19 });
    // The answer whose ack only the old socket remembered is resent once (harmless: the client has it).
    again.rpc("help.getConfig", {}, { msgId: reqs[0] });
    expect(await again.answer(reqs[0] as bigint)).toMatchObject({ _: "result" });
    expect(await again.call("help.getConfig")).toBeTruthy();
    expect(await again.next((m) => "req_msg_id" in m.body && m.body.req_msg_id === String(reqs[0]), 0)).toBeNull();
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

  it("records an answered request by its answer kept in its record: resent on a new connection it gets that answer, once", async () => {
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
