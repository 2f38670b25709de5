/**
 * Re-runnable requests (file parts, upload.getFile) on a WebSocket are guarded against replay by the
 * connection's window in the socket's attachment, not by a SQLite row: a replayed frame is refused,
 * also by an instance that lost its memory, and the window survives as long as the connection.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { authKeyObjectOf } from "../../core/objects.ts";
import { CONNECTION_WINDOW_SIZE } from "../../durable-objects/connection-replay.ts";
import type { OpenSocket } from "../../durable-objects/device-socket.ts";
import { RawDevice, signUpRaw } from "./raw-device.ts";

const shardOf = (dev: RawDevice) => authKeyObjectOf(env as never, dev.authKeyId);

const seenRows = (dev: RawDevice, msgId: bigint) =>
  runInDurableObject(shardOf(dev), (_obj, state) =>
    state.storage.sql
      .exec(
        "SELECT 1 FROM seen WHERE session_id = ? AND msg_id = ?",
        `${dev.authKeyId}:${dev.sessionId}`,
        String(msgId),
      )
      .toArray(),
  );

/** The replay windows the shard keeps in its sockets' attachments for this device. */
const windows = (dev: RawDevice) =>
  runInDurableObject(shardOf(dev), (_obj, state) =>
    state.getWebSockets(dev.authKeyId).map((ws) => (ws.deserializeAttachment() as OpenSocket).replay ?? null),
  );

const unknownFile = { media_id: "A".repeat(24), access_hash: "B".repeat(24), offset: 0, limit: 1024 };

describe("a connection's replay window for re-runnable requests", () => {
  it("writes no row for upload.getFile, refuses its replayed frame, and keeps refusing after the instance forgot everything", async () => {
    const dev = await RawDevice.connect();
    await signUpRaw(dev, "Reader");
    const req = dev.rpc("upload.getFile", unknownFile);
    expect(await dev.answer(req.msgId)).toMatchObject({ _: "error", code: 400, message: "MEDIA_INVALID" });
    expect(await seenRows(dev, req.msgId)).toEqual([]);
    expect((await windows(dev)).some((w) => w?.ids.includes(String(req.msgId)))).toBe(true);
    dev.send(req.frame);
    expect(await dev.answer(req.msgId)).toMatchObject({ _: "bad_msg", code: 19, message: "MSG_ID_DUPLICATE" });
    // As a freshly woken instance after hibernation: no device, no memory; only the sockets' attachments.
    await runInDurableObject(shardOf(dev), (obj) => {
      (obj as unknown as { devices: Map<string, unknown> }).devices.clear();
    });
    dev.send(req.frame);
    expect(await dev.answer(req.msgId)).toMatchObject({ _: "bad_msg", code: 19, message: "MSG_ID_DUPLICATE" });
    // A request with effects is still recorded durably (exactly-once across connections).
    const other = dev.rpc("help.getConfig");
    expect((await dev.answer(other.msgId))?._).toBe("result");
    expect(await seenRows(dev, other.msgId)).toHaveLength(1);
  });

  it("runs it again when the client resends it on a new connection, whose window is its own", async () => {
    const dev = await RawDevice.connect();
    await signUpRaw(dev, "Reader");
    const req = dev.rpc("upload.getFile", unknownFile);
    expect(await dev.answer(req.msgId)).toMatchObject({ message: "MEDIA_INVALID" });
    const again = await RawDevice.connect({ authKey: dev.authKey, authKeyId: dev.authKeyId });
    Object.assign(again, { sessionId: dev.sessionId });
    again.rpc("upload.getFile", unknownFile, { msgId: req.msgId });
    expect(await again.answer(req.msgId)).toMatchObject({ _: "error", message: "MEDIA_INVALID" });
    again.rpc("upload.getFile", unknownFile, { msgId: req.msgId });
    expect(await again.answer(req.msgId)).toMatchObject({ _: "bad_msg", code: 19 });
  });

  it("refuses an id below everything the connection remembers with bad_msg 16, and a fresh id runs", async () => {
    const dev = await RawDevice.connect();
    const first = dev.clock.next();
    const ids: bigint[] = [];
    for (let i = 0; i <= CONNECTION_WINDOW_SIZE; i++) ids.push(dev.rpc("upload.getFile", unknownFile).msgId);
    for (const id of ids) expect((await dev.answer(id))?._).toBe("error"); // not signed in: run, and refused
    const [window] = await windows(dev);
    expect(window?.ids).toHaveLength(CONNECTION_WINDOW_SIZE);
    expect(window?.floor).toBe(String(ids[0]));
    // Never sent, but older than every id remembered: it cannot be told from a replay.
    dev.rpc("upload.getFile", unknownFile, { msgId: first });
    expect(await dev.answer(first)).toMatchObject({ _: "bad_msg", code: 16, message: "MSG_ID_TOO_OLD" });
    dev.send(dev.frame({ _: "rpc", method: "upload.getFile", params: unknownFile }, { msgId: ids[0] }).frame);
    expect(await dev.answer(ids[0] as bigint)).toMatchObject({ _: "bad_msg", code: 16 });
    const fresh = dev.rpc("upload.getFile", unknownFile);
    expect(await dev.answer(fresh.msgId)).toMatchObject({ _: "error" });
  });
});
