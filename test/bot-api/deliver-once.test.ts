/** A sender that retries after a failure it saw, though the bot had taken the updates, must not queue them twice. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { botObjectOf } from "../../core/objects.ts";
import type { Update } from "../../protocol/model/update.ts";
import { say } from "../messaging/people.ts";
import { botCall, type Loose, ownerWithBot } from "./helpers.ts";

/** Every channel_post the bot gets within a few empty-ish polls, confirming as it goes. */
async function channelPosts(token: string): Promise<Loose[]> {
  const posts: Loose[] = [];
  let offset = 0;
  for (let i = 0; i < 6; i++) {
    const r = await botCall(token, "getUpdates", { offset, timeout: 1 });
    for (const u of r.body.result as Loose[]) {
      offset = u.update_id + 1;
      if (u.channel_post) posts.push(u.channel_post);
    }
  }
  return posts;
}

describe("BotObject.deliver", () => {
  it("Should queue a retried channel post once, and still queue the next one", async () => {
    const { owner: alice, token, botId } = await ownerWithBot("Alice");
    const { chat } = await alice.call("channels.createChannel", { title: "News" });
    await alice.call("channels.inviteToChannel", { channel_id: chat.id, users: [botId] });
    await alice.call("channels.editAdmin", { channel_id: chat.id, user_id: botId, is_admin: true });
    const peer = { _: "channel", id: chat.id };
    const sent = await say(alice, peer, "first post");
    const post = (sent.updates as Update[]).find((u) => u._ === "updateNewChannelMessage") as Loose;
    expect(post?.pts).toBeGreaterThan(0);
    // The channel's own push got there; now the sender retries the same page twice (its first reply was lost).
    const bot = botObjectOf(env as never, botId);
    await bot.deliver([post]);
    await bot.deliver([post, post]);
    const next = (await say(alice, peer, "second post")).updates.find(
      (u: Update) => u._ === "updateNewChannelMessage",
    ) as Loose;
    await bot.deliver([next]); // a retry racing the original push of the second post
    const texts = (await channelPosts(token)).filter((p) => p.text !== undefined).map((p) => p.text);
    expect(texts).toEqual(["first post", "second post"]);
  });
});
