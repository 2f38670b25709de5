/** Storage hygiene: the shard's alarm collects dead sessions with their outbox and replay rows. */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { authKeyObjectOf } from "../../core/objects.ts";
import { SESSION_IDLE_TTL_MS, SESSIONS_PER_KEY } from "../../durable-objects/session-store.ts";
import { RawDevice, signUpRaw } from "./raw-device.ts";

const shardOf = (authKeyId: string) => authKeyObjectOf(env as never, authKeyId);

const sql = (authKeyId: string, query: string, ...params: SqlStorageValue[]) =>
  runInDurableObject(shardOf(authKeyId), (_obj, state) => state.storage.sql.exec(query, ...params).toArray());

/** A session row with an outbox message and a replay row, active at `at`. */
async function plantSession(authKeyId: string, sk: string, at: number): Promise<void> {
  await sql(authKeyId, "INSERT INTO sessions (session_id, last_active, http) VALUES (?, ?, 0)", sk, at);
  await sql(authKeyId, "INSERT INTO outbox (session_id, msg_id, body, at) VALUES (?, '1', '{}', ?)", sk, at);
  await sql(authKeyId, "INSERT INTO seen (session_id, msg_id, conn, done, at) VALUES (?, '1', 'c', 1, ?)", sk, at);
}

const countFor = async (authKeyId: string, sk: string) =>
  Promise.all(
    ["sessions", "outbox", "seen"].map(
      async (t) => (await sql(authKeyId, `SELECT count(*) AS n FROM ${t} WHERE session_id = ?`, sk))[0]?.n,
    ),
  );

describe("dead sessions are collected", () => {
  it("drops sessions idle past the TTL, and all but the newest per key, with their outboxes; keeps live ones", async () => {
    const dev = await RawDevice.connect();
    await signUpRaw(dev); // binds the device's own session to its open socket
    const id = dev.authKeyId;
    const live = `${id}:${dev.sessionId}`;
    const now = Date.now();
    // The live session looks idle for long (last_active is written when a connection binds it).
    await sql(id, "UPDATE sessions SET last_active = ? WHERE session_id = ?", now - SESSION_IDLE_TTL_MS - 60_000, live);
    await plantSession(id, `${id}:idle`, now - SESSION_IDLE_TTL_MS - 1000);
    await plantSession(id, `${id}:recent`, now - 1000);
    // Another key of the shard with more sessions than it may keep, all recent.
    const other = `${id.slice(0, 2)}${"0".repeat(13)}1`;
    for (let i = 0; i < SESSIONS_PER_KEY + 5; i++) await plantSession(id, `${other}:s${i}`, now - 100_000 + i);

    await runDurableObjectAlarm(shardOf(id));

    expect(await countFor(id, `${id}:idle`)).toEqual([0, 0, 0]);
    expect(await countFor(id, `${id}:recent`)).toEqual([1, 1, 1]);
    expect((await countFor(id, live))[0]).toBe(1);
    const kept = await sql(
      id,
      "SELECT session_id FROM sessions WHERE session_id LIKE ? ORDER BY last_active",
      `${other}:%`,
    );
    expect(kept.map((r) => r.session_id)).toEqual(
      Array.from({ length: SESSIONS_PER_KEY }, (_, i) => `${other}:s${i + 5}`),
    );
    for (let i = 0; i < 5; i++) expect(await countFor(id, `${other}:s${i}`)).toEqual([0, 0, 0]);
    // The device still works on its live session.
    expect(await dev.call("help.getConfig", {})).toBeTruthy();
  });
});
