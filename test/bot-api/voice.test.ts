/**
 * Voice notes between people and bots: a user's voice note (an audio file sent with Telegram's audio
 * attribute) reaches a bot as `message.voice` with its duration; a bot's sendVoice reaches the user with
 * the attribute; a bad attribute is refused with MEDIA_INVALID and sends nothing.
 */
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../protocol/binary.ts";
import { Uploader } from "../media/uploader.ts";
import { type Person, pushed } from "../messaging/people.ts";
import { botCall, botMultipart, type Loose, ownerWithBot } from "./helpers.ts";

const WAVEFORM = toBase64Url(Uint8Array.from({ length: 63 }, (_, i) => (i * 37) & 0xff));

/** The next message update the bot gets (long polling, confirming it). */
async function nextMessage(token: string): Promise<Loose> {
  for (let round = 0; round < 5; round++) {
    const r = await botCall(token, "getUpdates", { timeout: 3 });
    const u = (r.body.result as Loose[]).find((x) => x.message);
    if (u) {
      await botCall(token, "getUpdates", { offset: u.update_id + 1, timeout: 0 });
      return u.message;
    }
  }
  throw new Error("the bot got no message");
}

describe("Bot API: voice notes", () => {
  it("a user's voice note is message.voice for the bot; a bot's sendVoice carries its duration to the user", async () => {
    const { token, botId } = await ownerWithBot("Owner");
    const alice = await Uploader.signUp("Alice");
    const peer = { _: "user", id: botId };
    const ref = await alice.upload(new Uint8Array(3000).fill(7), { mime: "audio/webm" });
    const send = (audio: unknown, random_id: string) =>
      alice.call("messages.sendMedia", {
        peer,
        media: { media_id: ref.media_id, access_hash: ref.access_hash, audio },
        random_id,
      });

    await expect(send({ voice: true, duration: -2 }, "91001")).rejects.toThrow("400 MEDIA_INVALID");
    await expect(send({ voice: true, duration: 2, waveform: "*" }, "91002")).rejects.toThrow("400 MEDIA_INVALID");
    const sent = (await send({ voice: true, duration: 2, waveform: WAVEFORM }, "91003")).result as Loose;
    expect(sent.message.media.audio).toEqual({ voice: true, duration: 2, waveform: WAVEFORM });

    const got = await nextMessage(token);
    expect(got.message_id).toBe(sent.message.id);
    expect(got.voice).toMatchObject({ duration: 2, mime_type: "audio/webm", file_size: 3000 });
    expect(got.audio).toBeUndefined();
    expect(got.document).toBeUndefined();

    const form = {
      chat_id: String(alice.id),
      duration: "3",
      voice: new File([new Uint8Array(2000).fill(9)], "note.ogg", { type: "audio/ogg" }),
    };
    const reply = await botMultipart(token, "sendVoice", form);
    expect(reply.ok).toBe(true);
    expect(reply.result.voice).toMatchObject({ duration: 3, mime_type: "audio/ogg" });
    const listener = { id: alice.id, dev: alice.dev } as Person;
    const seen = await pushed(listener, "updateNewMessage", (u) => u.message.id === reply.result.message_id);
    expect(seen.message.media.audio).toEqual({ voice: true, duration: 3 });
  }, 30_000);
});
