/**
 * A real grammY bot moderates a supergroup: on /mute it restricts a member, who then cannot send,
 * and posts an album (sendMediaGroup) that the member receives as one group of messages.
 */
import { Bot, InputFile } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import type { Message } from "../../protocol/model/message.ts";
import { makePng } from "../media/png.ts";
import { personWithBot } from "./bot-story.ts";
import { server, signUp } from "./story.ts";

const srv = server();
const stops: (() => unknown)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

describe("a grammY moderator bot", () => {
  it("Should restrict a member who then cannot send, and post an album the member gets as one group", async () => {
    const { person: alice, token, botId } = await personWithBot(srv, "Alice");
    const bob = await signUp(srv, "Bob");
    const { chat } = await alice.client.call("channels.createChannel", { title: "Club", megagroup: true });
    await alice.client.call("channels.inviteToChannel", { channel_id: chat.id, users: [botId, bob.user.id] });
    await alice.client.call("channels.editAdmin", { channel_id: chat.id, user_id: botId, is_admin: true });
    const peer = { _: "channel" as const, id: chat.id };

    const photos = [await makePng(60, 40), await makePng(40, 60)];
    const bot = new Bot(token, { client: { apiRoot: srv.url } });
    const muted = new Promise<void>((resolve, reject) => {
      bot.command("mute", async (ctx) => {
        try {
          await ctx.restrictChatMember(Number(ctx.match), { can_send_messages: false });
          await ctx.replyWithMediaGroup([
            { type: "photo", media: new InputFile(photos[0] as Uint8Array, "a.png"), caption: "House rules" },
            { type: "photo", media: new InputFile(photos[1] as Uint8Array, "b.png") },
          ]);
          resolve();
        } catch (e) {
          reject(e);
        }
      });
    });
    const started = new Promise<void>((resolve) => {
      void bot.start({ onStart: () => resolve() });
    });
    stops.push(() => bot.stop());
    await started;

    // Bob collects what arrives in the group: the album's messages carry one grouped_id.
    const album: Message[] = [];
    const gotAlbum = new Promise<void>((resolve) => {
      const off = bob.client.onUpdates((updates) => {
        for (const u of updates as { _: string; message?: Message }[])
          if (u._ === "updateNewChannelMessage" && u.message?.grouped_id) album.push(u.message);
        if (album.length >= 2) {
          off();
          resolve();
        }
      });
      stops.push(off);
    });

    await alice.client.call("messages.sendMessage", {
      peer,
      message: `/mute ${bob.user.id}`,
      random_id: String(Date.now()),
    });
    await muted;
    const refused = await bob.client
      .call("messages.sendMessage", { peer, message: "can I still talk?", random_id: String(Date.now() + 1) })
      .then(
        () => "sent",
        (e: Error) => e.message,
      );
    expect(refused).toContain("CHAT_WRITE_FORBIDDEN");
    const member = await bot.api.getChatMember(-(1_000_000_000_000 + chat.id), bob.user.id);
    expect(member).toMatchObject({ status: "restricted", can_send_messages: false });

    await gotAlbum;
    expect(album).toHaveLength(2);
    expect(album[0]?.grouped_id).toBe(album[1]?.grouped_id);
    expect(album.map((m) => m.message)).toEqual(["House rules", ""]);
    expect(album[1]?.id).toBe((album[0]?.id ?? 0) + 1);
  });
});
