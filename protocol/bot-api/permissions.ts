/**
 * Bot API ChatPermissions ↔ the messenger's banned rights (Telegram's
 * chatBannedRights): a permission left out or false is a right taken away.
 */
import type { ChatPermissions } from "@grammyjs/types";
import * as v from "valibot";
import type { ChatBannedRights } from "../model/chat.ts";
import { bool } from "./params.ts";

export const Permissions = v.looseObject({
  can_send_messages: v.optional(bool()),
  can_send_audios: v.optional(bool()),
  can_send_documents: v.optional(bool()),
  can_send_photos: v.optional(bool()),
  can_send_videos: v.optional(bool()),
  can_send_video_notes: v.optional(bool()),
  can_send_voice_notes: v.optional(bool()),
  can_send_polls: v.optional(bool()),
  can_send_other_messages: v.optional(bool()),
  can_add_web_page_previews: v.optional(bool()),
  can_change_info: v.optional(bool()),
  can_invite_users: v.optional(bool()),
  can_pin_messages: v.optional(bool()),
  can_manage_topics: v.optional(bool()),
});
type Perms = v.InferOutput<typeof Permissions>;

const MEDIA = [
  "can_send_audios",
  "can_send_documents",
  "can_send_photos",
  "can_send_videos",
  "can_send_video_notes",
  "can_send_voice_notes",
] as const;

/**
 * Telegram's rules: unless `independent`, other messages and link previews imply text and every
 * media kind, and polls imply text. Nothing to send at all forbids every message.
 */
export function bannedRightsOf(p: Perms, independent: boolean, untilDate: number): ChatBannedRights {
  const can = { ...p } as Record<string, boolean | undefined>;
  if (!independent) {
    if (can.can_send_other_messages || can.can_add_web_page_previews) {
      can.can_send_messages = true;
      for (const k of MEDIA) can[k] = true;
    }
    if (can.can_send_polls) can.can_send_messages = true;
  }
  const no = (k: string) => can[k] !== true;
  const media = MEDIA.every(no) && no("can_send_other_messages");
  const r: ChatBannedRights = {
    send_plain: no("can_send_messages"),
    send_audios: no("can_send_audios"),
    send_docs: no("can_send_documents"),
    send_photos: no("can_send_photos"),
    send_videos: no("can_send_videos"),
    send_roundvideos: no("can_send_video_notes"),
    send_voices: no("can_send_voice_notes"),
    send_polls: no("can_send_polls"),
    send_stickers: no("can_send_other_messages"),
    send_gifs: no("can_send_other_messages"),
    embed_links: no("can_add_web_page_previews"),
    change_info: no("can_change_info"),
    invite_users: no("can_invite_users"),
    pin_messages: no("can_pin_messages"),
    send_media: media,
    send_messages: media && no("can_send_messages") && no("can_send_polls"),
    until_date: untilDate,
  };
  return r;
}

/** The rights a restricted member (or every member, for defaults) keeps, as Bot API permissions. */
export function permissionsOf(r: ChatBannedRights | undefined): Required<ChatPermissions> {
  const all = r?.send_messages === true;
  const media = all || r?.send_media === true;
  const ok = (flag: boolean | undefined, group = false) => !(group || flag === true);
  return {
    can_send_messages: ok(r?.send_plain, all),
    can_send_audios: ok(r?.send_audios, media),
    can_send_documents: ok(r?.send_docs, media),
    can_send_photos: ok(r?.send_photos, media),
    can_send_videos: ok(r?.send_videos, media),
    can_send_video_notes: ok(r?.send_roundvideos, media),
    can_send_voice_notes: ok(r?.send_voices, media),
    can_send_polls: ok(r?.send_polls, all),
    can_send_other_messages: ok(r?.send_stickers || r?.send_gifs, media),
    can_add_web_page_previews: ok(r?.embed_links, all),
    can_change_info: ok(r?.change_info),
    can_invite_users: ok(r?.invite_users),
    can_pin_messages: ok(r?.pin_messages),
    // Not restrictable here: reactions are always allowed; there are no forum topics or member tags.
    can_react_to_messages: true,
    can_manage_topics: false,
    can_edit_tag: false,
  };
}

/** Telegram: a restriction for less than 30 s or more than 366 days is forever (0). */
export function untilDateOf(until: number | undefined, now = Math.floor(Date.now() / 1000)): number {
  if (!until) return 0;
  const left = until - now;
  return left < 30 || left > 366 * 86400 ? 0 : until;
}
