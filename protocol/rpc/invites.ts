/** Invite links and join requests (Telegram's messages.exportChatInvite … names): admins make links, users join by them. */
import * as v from "valibot";
import { ChatInvite, ExportedChatInvite } from "../model/invite.ts";
import { Peer } from "../model/peer.ts";
import { ChatUpdates } from "./chats.ts";
import { method, NOT_IN_CHANNEL, NOT_IN_CHAT } from "./define.ts";

/** A link's hash, or the whole `https://<host>/+<hash>` link. */
const Link = v.pipe(v.string(), v.maxLength(256, "INVITE_HASH_INVALID"));
const LinkTerms = {
  title: v.optional(v.pipe(v.string(), v.maxLength(32, "INVITE_TITLE_TOO_LONG"))),
  /** Unix time; 0 or absent: never expires. */
  expire_date: v.optional(v.pipe(v.number(), v.integer("EXPIRE_DATE_INVALID"), v.minValue(0, "EXPIRE_DATE_INVALID"))),
  /** 1…99999 joins; 0 or absent: no limit. */
  usage_limit: v.optional(
    v.pipe(
      v.number(),
      v.integer("USAGE_LIMIT_INVALID"),
      v.minValue(0, "USAGE_LIMIT_INVALID"),
      v.maxValue(99_999, "USAGE_LIMIT_INVALID"),
    ),
  ),
  request_needed: v.optional(v.boolean()),
};
/** Managing a chat's links: an admin of a group or channel the caller is in. */
const MANAGE = [NOT_IN_CHAT, NOT_IN_CHANNEL, "403 CHAT_ADMIN_REQUIRED"] as const;
const TERMS = ["400 EXPIRE_DATE_INVALID", "400 USAGE_LIMIT_INVALID"] as const;
/** A hash no link has, or one that no longer admits anyone (revoked, expired, used up). */
const BAD_HASH = ["400 INVITE_HASH_INVALID", "400 INVITE_HASH_EXPIRED"] as const;

export const invitesMethods = {
  /** A new link; legacy_revoke_permanent makes it the chat's primary link, revoking the previous one. */
  "messages.exportChatInvite": method({
    params: v.object({ peer: Peer, legacy_revoke_permanent: v.optional(v.boolean()), ...LinkTerms }),
    result: ExportedChatInvite,
    auth: true,
    errors: [...MANAGE, ...TERMS],
  }),
  /** Changes a link's terms, or revokes it (a revoked primary link is replaced: `new_invite`). */
  "messages.editExportedChatInvite": method({
    params: v.object({ peer: Peer, link: Link, revoked: v.optional(v.boolean()), ...LinkTerms }),
    result: v.object({ invite: ExportedChatInvite, new_invite: v.optional(ExportedChatInvite) }),
    auth: true,
    errors: [...MANAGE, ...TERMS, ...BAD_HASH, "400 CHAT_INVITE_PERMANENT"],
  }),
  /** What a link leads to, before joining. */
  "messages.checkChatInvite": method({
    params: v.object({ hash: Link }),
    result: ChatInvite,
    auth: true,
    errors: [...BAD_HASH],
  }),
  /** Joins by a link; a link that needs approval files a request instead (INVITE_REQUEST_SENT). */
  "messages.importChatInvite": method({
    params: v.object({ hash: Link }),
    result: ChatUpdates,
    auth: true,
    errors: [
      ...BAD_HASH,
      NOT_IN_CHANNEL,
      "400 USER_ALREADY_PARTICIPANT",
      "400 INVITE_REQUEST_SENT",
      "400 USERS_TOO_MUCH",
    ],
  }),
  /** Approves (the user joins) or declines a join request. */
  "messages.hideChatJoinRequest": method({
    params: v.object({
      peer: Peer,
      user_id: v.pipe(v.number(), v.integer("USER_ID_INVALID"), v.minValue(1, "USER_ID_INVALID")),
      approved: v.boolean(),
    }),
    result: ChatUpdates,
    auth: true,
    errors: [...MANAGE, "400 HIDE_REQUESTER_MISSING", "400 USER_ALREADY_PARTICIPANT", "400 USERS_TOO_MUCH"],
  }),
};
