/** Webhook delivery retries: a failing endpoint is retried with backoff until it answers, and the error is reported. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Bot } from "grammy";
import { afterAll, describe, expect, it } from "vitest";
import { personWithBot, say } from "./bot-story.ts";
import { server } from "./story.ts";

const srv = server();
const closers: (() => void)[] = [];
afterAll(() => {
  for (const c of closers) c();
});

describe("webhook retries", () => {
  it("Should retry a failing webhook, report last_error, then deliver in order once it recovers", async () => {
    const who = await personWithBot(srv, "Kim");
    const bot = new Bot(who.token, { client: { apiRoot: srv.url } });
    let failuresLeft = 2;
    const received: string[] = [];
    const http = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        if (failuresLeft > 0) {
          failuresLeft--;
          res.writeHead(500).end();
          return;
        }
        received.push((JSON.parse(body) as { message?: { text?: string } }).message?.text ?? "");
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    closers.push(() => http.close());
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/hook`;
    // One connection: updates go strictly one after another, so order is guaranteed.
    await bot.api.setWebhook(url, { max_connections: 1 });

    await say(who.person.client, who.botId, "first");
    await say(who.person.client, who.botId, "second");
    for (let i = 0; i < 400 && received.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    expect(received).toEqual(["first", "second"]);
    const info = await bot.api.getWebhookInfo();
    expect(info.pending_update_count).toBe(0);
    expect(info.last_error_message).toContain("500");
    expect(info.last_error_date).toBeGreaterThan(0);
  });
});
