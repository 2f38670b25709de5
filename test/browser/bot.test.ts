/**
 * A bot in the browser: the user starts it with a suggested command, the bot
 * (driven here over the Bot API) answers with an inline keyboard, and
 * pressing a button shows the bot's callback answer.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { server, signUp } from "../e2e/story.ts";
import { bubble, launchBrowser, openChatWith, openWebClient, screenshot, signUpInBrowser } from "./web-client.ts";

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface TgUpdate {
  update_id: number;
  message?: { chat: { id: number }; text?: string };
  callback_query?: { id: string; data?: string };
}

describe("a bot with an inline keyboard", () => {
  it("Should render the keyboard and show the bot's answer to a press", async () => {
    const url = inject("serverUrl");
    const owner = await signUp(server(), "Grace");
    const username = `quiz${Date.now() % 1_000_000}bot`;
    const { token } = await owner.client.call("bots.createBot", { first_name: "Quiz", username });
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
    const nextUpdate = async (): Promise<TgUpdate> => {
      for (;;) {
        const updates = (await api("getUpdates", { offset, timeout: 10 })) as TgUpdate[];
        const first = updates[0];
        if (first) {
          offset = first.update_id + 1;
          return first;
        }
      }
    };

    const { page } = await openWebClient(browser, url);
    await signUpInBrowser(page, "Frank");
    await openChatWith(page, "Quiz");
    const box = page.getByLabel("Message", { exact: true });
    await box.fill("/st");
    await page.getByRole("list", { name: "Bot commands" }).getByRole("button", { name: "/start" }).click();
    expect(await box.inputValue()).toBe("/start ");
    await box.press("Enter");

    const start = await nextUpdate();
    expect(start.message?.text).toBe("/start");
    await api("sendMessage", {
      chat_id: start.message?.chat.id,
      text: "Do you like quizzes?",
      reply_markup: {
        inline_keyboard: [
          [
            { text: "Yes", callback_data: "yes" },
            { text: "No", callback_data: "no" },
          ],
        ],
      },
    });
    const question = bubble(page, "Do you like quizzes?");
    await question.waitFor();
    await screenshot(page, "12-bot-keyboard");

    await page.getByRole("group", { name: "Bot buttons" }).getByRole("button", { name: "Yes" }).click();
    const press = await nextUpdate();
    expect(press.callback_query?.data).toBe("yes");
    await api("answerCallbackQuery", { callback_query_id: press.callback_query?.id, text: "Great, let's go!" });
    await expect.poll(() => page.getByRole("alert").textContent()).toBe("Great, let's go!");
  });
});
