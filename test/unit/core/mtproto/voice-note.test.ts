/**
 * A voice note's audio attribute (voice, duration, Telegram's packed waveform) survives from the core's
 * message to what Telegram clients decode (documentAttributeAudio, messageMediaDocument.voice) and to
 * what bots read (`message.voice`); a track stays `audio`, a plain file a `document`; bad attributes are refused.
 */
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import type { AccessHashEnv } from "../../../../core/mtproto/access-hash.ts";
import { tlFileMedia } from "../../../../core/mtproto/present/files.ts";
import { fromBase64Url, toBase64Url } from "../../../../protocol/binary.ts";
import { tgMessage } from "../../../../protocol/bot-api/convert.ts";
import { InputMediaRef, type MediaRef } from "../../../../protocol/model/media.ts";
import type { Message } from "../../../../protocol/model/message.ts";
import { encodeForLayer, SUPPORTED_LAYERS, tablesForLayer } from "../../../../protocol/mtproto/layers/index.ts";
import { decode, type TlObject } from "../../../../protocol/mtproto/tl/index.ts";

const env = {
  AUTH_KEY_STORAGE_KEY: "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
} as AccessHashEnv;

/** 100 five-bit samples rising 0..31 and back, packed as Telegram packs them (63 bytes). */
const WAVEFORM = (() => {
  const bytes = new Uint8Array(63);
  for (let i = 0; i < 100; i++) {
    const value = i < 50 ? Math.round((i / 49) * 31) : Math.round(((99 - i) / 49) * 31);
    const bit = i * 5;
    const word = (bytes[bit >> 3] as number) | ((bytes[(bit >> 3) + 1] ?? 0) << 8) | (value << (bit & 7));
    bytes[bit >> 3] = word & 0xff;
    if ((bit >> 3) + 1 < bytes.length) bytes[(bit >> 3) + 1] = (word >> 8) & 0xff;
  }
  return bytes;
})();

const voiceRef: MediaRef = {
  media_id: "voice0000000000000001",
  access_hash: "hash00000000000000000001",
  size: 12_345,
  mime_type: "audio/webm",
  name: "voice.webm",
  thumbnails: [],
  audio: { voice: true, duration: 3, waveform: toBase64Url(WAVEFORM) },
};

const messageWith = (media: MediaRef): Message => ({
  id: 5,
  peer_id: { _: "user", id: 11 },
  from_id: 10,
  date: 1_700_000_000,
  message: "",
  media,
});

describe("voice notes over MTProto", () => {
  it("a voice note is messageMediaDocument with the voice flag and documentAttributeAudio, in every layer", () => {
    const media = tlFileMedia(env, 11, voiceRef, 1_700_000_000);
    for (const layer of SUPPORTED_LAYERS) {
      const back = decode(tablesForLayer(layer), encodeForLayer(media as TlObject, layer)) as TlObject & {
        voice?: boolean;
        document: { mimeType: string; attributes: (TlObject & Record<string, unknown>)[] };
      };
      expect(back._).toBe("messageMediaDocument");
      // Layer 144's messageMediaDocument has no voice flag: its clients read the attribute's.
      expect(back.voice).toBe(layer === 144 ? undefined : true);
      expect(back.document.mimeType).toBe("audio/webm");
      const audio = back.document.attributes.find((a) => a._ === "documentAttributeAudio");
      expect(audio).toMatchObject({ voice: true, duration: 3 });
      expect([...((audio?.waveform as Uint8Array | undefined) ?? [])]).toEqual([...WAVEFORM]);
    }
  });

  it("a track is not a voice note, and a file without the attribute has none", () => {
    const track = tlFileMedia(env, 11, { ...voiceRef, audio: { duration: 200, title: "Song" } }, 0) as {
      voice?: boolean;
      document: { attributes: { _: string }[] };
    };
    expect(track.voice).toBeUndefined();
    expect(track.document.attributes).toContainEqual({ _: "documentAttributeAudio", duration: 200, title: "Song" });
    const { audio: _, ...plain } = voiceRef;
    const file = tlFileMedia(env, 11, plain, 0) as { document: { attributes: { _: string }[] } };
    expect(file.document.attributes.map((a) => a._)).toEqual(["documentAttributeFilename"]);
  });
});

describe("voice notes in the Bot API", () => {
  const dir = { users: new Map(), chats: new Map() };

  it("a voice note is message.voice with its duration; a track is message.audio; other files are documents", () => {
    const voice = tgMessage(messageWith(voiceRef), dir) as unknown as Record<string, Record<string, unknown>>;
    expect(voice.voice).toMatchObject({ mime_type: "audio/webm", duration: 3, file_size: 12_345 });
    expect(voice.audio).toBeUndefined();
    expect(voice.document).toBeUndefined();

    const track = tgMessage(
      messageWith({ ...voiceRef, audio: { duration: 200, performer: "Band" } }),
      dir,
    ) as unknown as Record<string, Record<string, unknown>>;
    expect(track.audio).toMatchObject({ duration: 200, performer: "Band", file_name: "voice.webm" });
    expect(track.voice).toBeUndefined();

    const { audio: _, ...plain } = voiceRef;
    const file = tgMessage(messageWith({ ...plain, mime_type: "application/pdf" }), dir) as unknown as Record<
      string,
      unknown
    >;
    expect(Object.keys(file).filter((k) => ["voice", "audio", "document"].includes(k))).toEqual(["document"]);
  });
});

describe("the audio attribute a client sends", () => {
  const ref = { media_id: voiceRef.media_id, access_hash: voiceRef.access_hash };
  const refusal = (audio: unknown) => {
    const r = v.safeParse(InputMediaRef, { ...ref, audio });
    return r.success ? "accepted" : r.issues[0].message;
  };

  it("accepts a voice note with Telegram's waveform and refuses bad lengths and waveforms with MEDIA_INVALID", () => {
    expect(refusal({ voice: true, duration: 3, waveform: toBase64Url(WAVEFORM) })).toBe("accepted");
    expect(fromBase64Url(toBase64Url(WAVEFORM)).length).toBe(63);
    expect(refusal({ voice: true, duration: -1 })).toBe("MEDIA_INVALID");
    expect(refusal({ voice: true, duration: 1.5 })).toBe("MEDIA_INVALID");
    expect(refusal({ voice: true, duration: 86_401 })).toBe("MEDIA_INVALID");
    expect(refusal({ voice: true, duration: "3" })).toBe("MEDIA_INVALID");
    expect(refusal({ voice: true, duration: 3, waveform: "not base64!" })).toBe("MEDIA_INVALID");
    expect(refusal({ voice: true, duration: 3, waveform: "A".repeat(200) })).toBe("MEDIA_INVALID");
    expect(refusal({ voice: "yes", duration: 3 })).toBe("MEDIA_INVALID");
  });
});
