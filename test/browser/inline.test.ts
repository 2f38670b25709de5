/**
 * Inline mode in the browser: typing "@bot query" in the composer lists the bot's answer
 * (driven here over the Bot API), and picking a result posts it "via @bot".
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { server, signUp } from "../e2e/story.ts";
import { bubble, launchBrowser, openChatWith, openWebClient, signUpInBrowser } from "./web-client.ts";

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface TgUpdate {
  update_id: number;
  inline_query?: { id: string; query: string };
  chosen_inline_result?: { result_id: string; query: string };
}

describe("an inline bot in the composer", () => {
  it("Should list the bot's results for '@bot query' and post the picked one via the bot", async () => {
    const url = inject("serverUrl");
    const owner = await signUp(server(), "Iris");
    const username = `wx${Date.now() % 1_000_000}bot`;
    const { token } = await owner.client.call("bots.createBot", { first_name: "Weather", username });
    const api = async (method: string, body: unknown) => {
      const res = await fetch(`${url}/bot${token}/${method}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as { ok: boolean; result: unknown; description?: string };
      if (!json.ok) throw new Error(`${method}: ${json.description}`);
      return json.result;
    };
    let offset = 0;
    const nextUpdate = async (match: (u: TgUpdate) => boolean): Promise<TgUpdate> => {
      for (;;) {
        const updates = (await api("getUpdates", { offset, timeout: 10 })) as TgUpdate[];
        for (const u of updates) {
          offset = u.update_id + 1;
          if (match(u)) return u;
        }
      }
    };

    const { page } = await openWebClient(browser, url);
    await signUpInBrowser(page, "Jack");
    await openChatWith(page, "Weather");
    const box = page.getByLabel("Message", { exact: true });
    await box.fill(`@${username} berlin`);

    const asked = await nextUpdate((u) => u.inline_query?.query === "berlin");
    await api("answerInlineQuery", {
      inline_query_id: asked.inline_query?.id,
      cache_time: 0,
      results: [
        {
          type: "article",
          id: "now",
          title: "Berlin now",
          description: "12°C, cloudy",
          input_message_content: { message_text: "Berlin: 12°C, cloudy" },
        },
        { type: "article", id: "tomorrow", title: "Tomorrow", input_message_content: { message_text: "Berlin: sun" } },
      ],
    });
    const list = page.getByRole("list", { name: `Results from @${username}` });
    await list.getByRole("button", { name: /Berlin now/ }).click();

    const posted = bubble(page, "Berlin: 12°C, cloudy");
    await posted.waitFor();
    expect(await posted.textContent()).toContain(`via @${username}`);
    expect(await box.inputValue()).toBe("");
    const chosen = await nextUpdate((u) => u.chosen_inline_result !== undefined);
    expect(chosen.chosen_inline_result).toMatchObject({ result_id: "now", query: "berlin" });
  });
});
