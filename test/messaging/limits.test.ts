import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { RpcContext } from "../../core/rpc/context.ts";
import { sendMedia } from "../../core/rpc/messages.ts";
import { Errors } from "../../protocol/errors.ts";
import type { InputMediaRef } from "../../protocol/model/media.ts";
import type { MediaService } from "../../workers/media/index.ts";
import { errorOf, type Loose, person, pushed, randomId, say, userPeer } from "./people.ts";

describe("contacts and blocking", () => {
  it("adds contacts and a blocked user can no longer write", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const added = await alice.call("contacts.addContact", { id: bob.id });
    expect(added.user).toMatchObject({ id: bob.id, contact: true });
    expect((await alice.call("contacts.getContacts", {})).users.map((u: Loose) => u.id)).toEqual([bob.id]);
    expect(await errorOf(alice, "contacts.addContact", { id: 99_999_999 })).toBe("400 USER_ID_INVALID");

    await alice.call("contacts.block", { id: bob.id });
    expect(
      await errorOf(bob, "messages.sendMessage", { peer: userPeer(alice), message: "hi?", random_id: randomId() }),
    ).toBe("400 USER_IS_BLOCKED");
    expect(
      await errorOf(alice, "messages.sendMessage", { peer: userPeer(bob), message: "hi", random_id: randomId() }),
    ).toBe("400 YOU_BLOCKED_USER");
    expect((await alice.call("contacts.getBlocked", {})).users.map((u: Loose) => u.id)).toEqual([bob.id]);
    await alice.call("contacts.unblock", { id: bob.id });
    expect((await say(bob, alice, "thanks")).message.message).toBe("thanks");
  });
});

describe("messages.sendMedia (message side, with a stand-in media service)", () => {
  const ref = (n: string): InputMediaRef => ({ media_id: `media_${n}_0123456789ab`, access_hash: "h".repeat(24) });
  /** The two media methods sending a message uses. */
  type MediaServiceApi = Pick<MediaService, "resolveForMessage" | "grantToChat">;
  const fakeMedia = (granted: string[]): MediaServiceApi => ({
    async resolveForMessage(_userId, input) {
      if (input.access_hash !== "h".repeat(24)) throw Errors.badRequest("MEDIA_INVALID");
      return { ...input, size: 3, mime_type: "image/jpeg", thumbnails: [] };
    },
    async grantToChat(mediaId, chatKey) {
      granted.push(`${mediaId}@${chatKey}`);
    },
  });
  const ctxFor = (userId: number, media?: MediaServiceApi): RpcContext =>
    ({ env: { ...env, MEDIA: media }, authKeyId: "test", device: { userId }, blob: new Uint8Array() }) as Loose;

  it("sends a photo with a caption, grants it to the chat, and refuses bad references", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const granted: string[] = [];
    const ctx = ctxFor(alice.id, fakeMedia(granted));
    const sent = await sendMedia(ctx, {
      peer: userPeer(bob) as Loose,
      media: ref("a"),
      message: "look",
      random_id: randomId(),
    });
    expect(sent.message).toMatchObject({
      message: "look",
      media: { media_id: ref("a").media_id, mime_type: "image/jpeg" },
    });
    const lo = Math.min(alice.id, bob.id);
    const hi = Math.max(alice.id, bob.id);
    expect(granted).toEqual([`${ref("a").media_id}@private:${lo}:${hi}`]);
    expect((await pushed(bob, "updateNewMessage")).message.media.media_id).toBe(ref("a").media_id);

    const bad = { ...ref("b"), access_hash: "x".repeat(24) };
    await expect(
      sendMedia(ctx, { peer: userPeer(bob) as Loose, media: bad, message: "", random_id: randomId() }),
    ).rejects.toThrow("400 MEDIA_INVALID");
    await expect(
      sendMedia(ctxFor(alice.id), {
        peer: userPeer(bob) as Loose,
        media: ref("c"),
        message: "",
        random_id: randomId(),
      }),
    ).rejects.toThrow("500 MEDIA_SERVICE_UNAVAILABLE");
    expect(granted).toHaveLength(1);
  });

  it("grants nothing to a chat the sender does not belong to", async () => {
    const alice = await person("Alice");
    const eve = await person("Eve");
    const bob = await person("Bob");
    const { chat } = await alice.call("messages.createChat", { title: "No Eve", users: [bob.id] });
    const granted: string[] = [];
    await expect(
      sendMedia(ctxFor(eve.id, fakeMedia(granted)), {
        peer: { _: "chat", id: chat.id },
        media: ref("d"),
        message: "",
        random_id: randomId(),
      }),
    ).rejects.toThrow("400 PEER_ID_INVALID");
    expect(granted).toEqual([]);
    expect(
      await errorOf(alice, "messages.sendMedia", {
        peer: { _: "chat", id: chat.id },
        media: ref("e"),
        random_id: randomId(),
        message: "x".repeat(1025),
      }),
    ).toBe("400 MEDIA_CAPTION_TOO_LONG");
  });
});
