/**
 * Banned rights (Telegram's chatBannedRights) as rules: what a member may not do given the chat's
 * defaults and their own restrictions, and the checks every send/edit/pin/invite path runs. Admins
 * are never restricted. Where the rights are kept: durable-objects/chat/rights-store.ts.
 */
import { Errors } from "../../protocol/errors.ts";
import type { ChatBannedRights } from "../../protocol/model/chat.ts";
import type { MediaRef } from "../../protocol/model/media.ts";
import type { MemberRow, MetaRow } from "./rows.ts";

type Flag = Exclude<keyof ChatBannedRights, "until_date">;

/** Only the flags that are set, so stored and rendered rights compare by value. */
export function normalized(r: ChatBannedRights): ChatBannedRights {
  const out: ChatBannedRights = { until_date: r.until_date ?? 0 };
  for (const [k, val] of Object.entries(r)) if (k !== "until_date" && val === true) out[k as Flag] = true;
  return out;
}

export const restricts = (r: ChatBannedRights) => Object.keys(normalized(r)).length > 1;

/** What a member may not do: the chat's defaults plus their own restrictions; nothing for admins and private chats. */
export function effectiveRights(
  m: MetaRow,
  me: MemberRow,
  defaults: ChatBannedRights | null,
  own: ChatBannedRights | null,
): ChatBannedRights {
  if (m.kind === "private" || me.role !== "member") return { until_date: 0 };
  return { ...(defaults ?? {}), ...(own ?? {}), until_date: 0 };
}

type MediaKind = "photos" | "videos" | "audios" | "voices" | "docs" | "stickers" | "gifs";

/**
 * The kind a file is sent as (what the per-kind rights forbid): a voice note by its audio attribute, as
 * Telegram decides (browsers record WebM as well as Ogg), otherwise by its MIME type.
 */
export function mediaKindOf(mime: string, voice = false): MediaKind {
  if (voice) return "voices";
  if (mime === "image/gif") return "gifs";
  if (mime === "image/webp") return "stickers";
  if (mime.startsWith("image/")) return "photos";
  if (mime.startsWith("video/")) return "videos";
  if (mime === "audio/ogg") return "voices";
  if (mime.startsWith("audio/")) return "audios";
  return "docs";
}

/** What a message is, for the rights: text, a file of some kind, a poll, or a file not yet known (`true`). */
export type Sending = Pick<MediaRef, "mime_type" | "audio"> | { _: string } | true | null | undefined;

/**
 * Refuses a message the member may not send, with Telegram's errors: everything
 * forbidden → CHAT_WRITE_FORBIDDEN; text, locations, venues and contacts →
 * CHAT_SEND_PLAIN_FORBIDDEN; a poll → CHAT_SEND_POLL_FORBIDDEN; a dice →
 * CHAT_SEND_STICKERS_FORBIDDEN; any file → CHAT_SEND_MEDIA_FORBIDDEN, one kind →
 * CHAT_SEND_<KIND>_FORBIDDEN. `true` means "some file, kind not known yet".
 */
export function requireCanSend(r: ChatBannedRights, media: Sending): void {
  if (r.send_messages) throw Errors.forbidden("CHAT_WRITE_FORBIDDEN");
  if (media && media !== true && "_" in media) {
    if (media._ === "messageMediaPoll" && r.send_polls) throw Errors.forbidden("CHAT_SEND_POLL_FORBIDDEN");
    if (media._ === "messageMediaDice" && r.send_stickers) throw Errors.forbidden("CHAT_SEND_STICKERS_FORBIDDEN");
    if (media._ !== "messageMediaPoll" && media._ !== "messageMediaDice" && r.send_plain)
      throw Errors.forbidden("CHAT_SEND_PLAIN_FORBIDDEN");
    return;
  }
  if (!media) {
    if (r.send_plain) throw Errors.forbidden("CHAT_SEND_PLAIN_FORBIDDEN");
    return;
  }
  if (r.send_media) throw Errors.forbidden("CHAT_SEND_MEDIA_FORBIDDEN");
  if (media === true) return;
  const kind = mediaKindOf(media.mime_type, media.audio?.voice === true);
  if (r[`send_${kind}`]) throw Errors.forbidden(`CHAT_SEND_${kind.toUpperCase()}_FORBIDDEN`);
}

/** Pinning and inviting by plain members obey the chat's rights too. */
export function requireRight(r: ChatBannedRights, flag: "pin_messages" | "invite_users"): void {
  if (r[flag]) throw Errors.forbidden("CHAT_ADMIN_REQUIRED");
}
