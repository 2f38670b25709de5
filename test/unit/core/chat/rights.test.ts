import { describe, expect, it } from "vitest";
import {
  effectiveRights,
  mediaKindOf,
  normalized,
  requireCanSend,
  requireRight,
  restricts,
} from "../../../../core/chat/rights.ts";
import type { ChatBannedRights } from "../../../../protocol/model/chat.ts";
import { chatRow, memberRow } from "./rows.ts";

/** Rights with no end date. */
const r = (flags: Omit<ChatBannedRights, "until_date">): ChatBannedRights => ({ until_date: 0, ...flags });

describe("banned rights", () => {
  it("Should keep only the flags that are set", () => {
    expect(normalized({ until_date: 5, send_media: true, send_polls: false } as never)).toEqual({
      until_date: 5,
      send_media: true,
    });
    expect(restricts({ until_date: 9 })).toBe(false);
    expect(restricts({ until_date: 0, send_plain: true })).toBe(true);
  });

  it("Should add a member's own restrictions to the chat's defaults, and restrict no admin or private chat", () => {
    const group = chatRow("channel:1", { megagroup: 1 });
    const defaults = { until_date: 0, send_polls: true };
    const own = { until_date: 99, send_media: true };
    expect(effectiveRights(group, memberRow(1), defaults, own)).toEqual({
      until_date: 0,
      send_polls: true,
      send_media: true,
    });
    expect(effectiveRights(group, memberRow(1, "admin"), defaults, own)).toEqual({ until_date: 0 });
    expect(effectiveRights(chatRow("private:1:2"), memberRow(1), defaults, own)).toEqual({ until_date: 0 });
  });

  it("Should refuse each kind of message with Telegram's error", () => {
    expect(() => requireCanSend(r({ send_messages: true }), undefined)).toThrow("403 CHAT_WRITE_FORBIDDEN");
    expect(() => requireCanSend(r({ send_plain: true }), null)).toThrow("403 CHAT_SEND_PLAIN_FORBIDDEN");
    expect(() => requireCanSend(r({ send_plain: true }), { _: "messageMediaGeo" })).toThrow(
      "403 CHAT_SEND_PLAIN_FORBIDDEN",
    );
    expect(() => requireCanSend(r({ send_polls: true }), { _: "messageMediaPoll" })).toThrow(
      "403 CHAT_SEND_POLL_FORBIDDEN",
    );
    expect(() => requireCanSend(r({ send_stickers: true }), { _: "messageMediaDice" })).toThrow(
      "403 CHAT_SEND_STICKERS_FORBIDDEN",
    );
    expect(() => requireCanSend(r({ send_media: true }), true)).toThrow("403 CHAT_SEND_MEDIA_FORBIDDEN");
    expect(() => requireCanSend(r({ send_photos: true }), { mime_type: "image/png" })).toThrow(
      "403 CHAT_SEND_PHOTOS_FORBIDDEN",
    );
    // A file of an allowed kind, or a file whose kind is not known yet, passes a per-kind ban.
    expect(() => requireCanSend(r({ send_photos: true }), { mime_type: "video/mp4" })).not.toThrow();
    expect(() => requireCanSend(r({ send_photos: true }), true)).not.toThrow();
    expect(() => requireCanSend(r({}), null)).not.toThrow();
  });

  it("Should tell the kind of a file from its MIME type", () => {
    expect(
      ["image/gif", "image/webp", "image/jpeg", "video/mp4", "audio/ogg", "audio/mpeg", "application/pdf"].map((mime) =>
        mediaKindOf(mime),
      ),
    ).toEqual(["gifs", "stickers", "photos", "videos", "voices", "audios", "docs"]);
  });

  it("Should count a voice note as a voice whatever its container, as browsers record WebM too", () => {
    const webmVoice = { mime_type: "audio/webm", audio: { voice: true, duration: 2 } };
    expect(() => requireCanSend(r({ send_voices: true }), webmVoice)).toThrow("403 CHAT_SEND_VOICES_FORBIDDEN");
    expect(() => requireCanSend(r({ send_audios: true }), webmVoice)).not.toThrow();
    const track = { mime_type: "audio/webm", audio: { duration: 200 } };
    expect(() => requireCanSend(r({ send_audios: true }), track)).toThrow("403 CHAT_SEND_AUDIOS_FORBIDDEN");
  });

  it("Should hold plain members to the pin and invite rights", () => {
    expect(() => requireRight(r({ pin_messages: true }), "pin_messages")).toThrow("403 CHAT_ADMIN_REQUIRED");
    expect(() => requireRight(r({ pin_messages: true }), "invite_users")).not.toThrow();
  });
});
