/**
 * Fault injection: the whole local system is killed (SIGKILL, no goodbye)
 * while Alice is sending, then restarted on the same port and state. Every
 * send the server acknowledged must survive, and no retried send may appear
 * twice (random_id), for both sides of the chat.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Message } from "../../protocol/model/message.ts";
import { type LocalSystem, startLocalSystem } from "../../scripts/local-system.ts";
import { type Person, signUp } from "./story.ts";

const stateDir = mkdtempSync(join(tmpdir(), "edgegram-faults-"));
let sys: LocalSystem | null = null;
afterAll(async () => {
  await sys?.stop("SIGKILL");
  rmSync(stateDir, { recursive: true, force: true });
});

const SENDS = 60;
const KILL_AFTER = 20;

async function history(p: Person, peerId: number): Promise<Message[]> {
  const all: Message[] = [];
  let offset = 0;
  for (;;) {
    const page = await p.client.call("messages.getHistory", {
      peer: { _: "user", id: peerId },
      offset_id: offset,
      limit: 100,
    });
    all.push(...page.messages);
    if (page.messages.length < 100) return all;
    offset = page.messages.at(-1)?.id ?? 0;
  }
}

describe("a server killed mid-conversation", () => {
  it("loses no acknowledged message and duplicates none after a restart", async () => {
    sys = await startLocalSystem({ stateDir });
    const port = sys.port;
    const srv = { url: sys.url, key: sys.serverKey };
    const alice = await signUp(srv, "Alice");
    const bob = await signUp(srv, "Bob");

    const acknowledged = new Set<number>();
    const sends: Promise<void>[] = [];
    let killed: Promise<void> | null = null;
    for (let i = 1; i <= SENDS; i++) {
      if (i === KILL_AFTER) {
        // Kill while sends are in flight, then bring the system back on the same port and state.
        const victim = sys;
        killed = victim.stop("SIGKILL").then(async () => {
          sys = await startLocalSystem({ stateDir, port });
        });
      }
      sends.push(
        alice.client
          .call("messages.sendMessage", {
            peer: { _: "user", id: bob.user.id },
            message: `m${i}`,
            random_id: String(1_000_000 + i),
          })
          .then(() => {
            acknowledged.add(i);
          }),
      );
      await new Promise((r) => setTimeout(r, 15));
    }
    await killed;
    // The SDK reconnects by itself and resends whatever was not answered.
    await Promise.all(sends);
    expect(acknowledged.size).toBe(SENDS);

    for (const [who, other] of [
      [alice, bob],
      [bob, alice],
    ] as const) {
      const texts = (await history(who, other.user.id)).map((m) => m.message);
      const counts = new Map<string, number>();
      for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (let i = 1; i <= SENDS; i++) expect(counts.get(`m${i}`), `${who.user.first_name} m${i}`).toBe(1);
      expect(texts).toHaveLength(SENDS);
    }
    alice.client.close();
    bob.client.close();
  }, 240_000);
});
