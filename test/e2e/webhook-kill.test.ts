/**
 * The webhook kill test: updates are queued for a webhook that keeps failing when the whole system is
 * killed (SIGKILL, no goodbye); after a restart on the same state each update is delivered, in order,
 * and none twice beyond Telegram's at-least-once (a repeat may only be of an update not yet answered).
 */

import { rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Bot } from "grammy";
import { afterAll, describe, expect, it } from "vitest";
import { type LocalSystem, scratchStateDir, startLocalSystem } from "../../scripts/local-system.ts";
import { personWithBot, say } from "./bot-story.ts";

describe("killing the system while webhook updates are queued", () => {
  const stateDir = scratchStateDir("edgegram-webhook-kill");
  const systems: LocalSystem[] = [];
  const closers: (() => void)[] = [];
  afterAll(async () => {
    for (const c of closers) c();
    for (const s of systems) await s.stop("SIGKILL");
    rmSync(stateDir, { recursive: true, force: true });
  });

  it("Should deliver every queued update after the restart, in order, none doubled", async () => {
    const first = await startLocalSystem({ stateDir });
    systems.push(first);
    const who = await personWithBot({ url: first.url, key: first.serverKey }, "Wes");
    let failing = true;
    const received: { id: number; text: string }[] = [];
    const http = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        if (failing) return void res.writeHead(500).end();
        const u = JSON.parse(body) as { update_id: number; message?: { text?: string } };
        received.push({ id: u.update_id, text: u.message?.text ?? "" });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    closers.push(() => http.close());
    const hook = `http://127.0.0.1:${(http.address() as AddressInfo).port}/hook`;
    await new Bot(who.token, { client: { apiRoot: first.url } }).api.setWebhook(hook, { max_connections: 1 });

    const texts = ["one", "two", "three", "four", "five"];
    for (const t of texts) await say(who.person.client, who.botId, t); // each acknowledged by the server
    who.person.client.close();
    await first.stop("SIGKILL");

    failing = false;
    const second = await startLocalSystem({ stateDir, port: first.port });
    systems.push(second);
    // Up to 280 s: a delivery retried before the kill waits out its backoff (≤ 60 s), and a heavily loaded
    // machine restarts the system and replays the queue slowly. (Runs that ended with 4 of 5 were a bug: an
    // update in the bot's log but not yet in its queue at the kill was never handed over again.)
    for (let i = 0; i < 2800 && new Set(received.map((r) => r.id)).size < texts.length; i++)
      await new Promise((r) => setTimeout(r, 100));

    // In order of first arrival, each once; a repeat may only follow its own first delivery directly
    // (an answer lost to the kill), never come back after a later update.
    const firstSeen: { id: number; text: string }[] = [];
    for (const r of received) if (!firstSeen.some((f) => f.id === r.id)) firstSeen.push(r);
    expect(firstSeen.map((r) => r.text)).toEqual(texts);
    const ids = firstSeen.map((r) => r.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    for (let i = 1; i < received.length; i++)
      expect(received[i]?.id, "no update comes again after a later one").toBeGreaterThanOrEqual(
        received[i - 1]?.id ?? 0,
      );
    console.log(`webhook after restart: ${received.length} deliveries for ${texts.length} updates`);
    const info = await new Bot(who.token, { client: { apiRoot: second.url } }).api.getWebhookInfo();
    expect(info.pending_update_count).toBe(0);
  }, 420_000);
});
