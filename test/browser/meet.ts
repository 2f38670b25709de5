/** Browser-test openings shared by several files (kept apart from web-client.ts, which the benchmarks import too). */
import type { Browser, Page } from "playwright-core";
import { nextMessage } from "../e2e/bot-story.ts";
import { type Person, server, signUp } from "../e2e/story.ts";
import { openChatWith, openWebClient, sendMessage, signUpInBrowser } from "./web-client.ts";

/**
 * A person on the SDK (`sdkName`, made unique) and a person signing up in the browser, who opens
 * the chat with them and says hello — which is how the SDK side learns the browser user's id.
 */
export async function meetInBrowser(
  browser: Browser,
  sdkName: string,
  browserName: string,
): Promise<{ sdk: Person; sdkName: string; page: Page; browserUserId: number }> {
  const srv = server();
  const unique = `${sdkName}${Date.now() % 100_000}`;
  const sdk = await signUp(srv, unique);
  const { page } = await openWebClient(browser, srv.url);
  await signUpInBrowser(page, browserName);
  await openChatWith(page, unique);
  const text = `hi ${unique}`;
  const hello = nextMessage(sdk.client, "updateNewMessage", (m) => m.message === text);
  await sendMessage(page, text);
  return { sdk, sdkName: unique, page, browserUserId: (await hello).from_id as number };
}
