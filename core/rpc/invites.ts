/** Invite links and join requests: admins manage a chat's links; anyone holding one checks and joins by it. */
import { Errors } from "../../protocol/errors.ts";
import type { Peer } from "../../protocol/model/peer.ts";
import { chatKeyOfHash, hashOfLink } from "../chat/invite-links.ts";
import { chatObjectOf } from "../objects.ts";
import { type HandlerTable, userIdOf } from "./context.ts";

/** The chat object a group or channel peer names; private chats have no links. */
function chatOf(env: Env, peer: Peer) {
  if (peer._ === "user") throw Errors.badRequest("PEER_ID_INVALID");
  const key = `${peer._}:${peer.id}`;
  return { key, chat: chatObjectOf(env, key) };
}

/** The chat object a link leads to (its hash names it). */
function chatOfLink(env: Env, link: string) {
  const hash = hashOfLink(link);
  const { key } = chatKeyOfHash(hash);
  return { key, hash, chat: chatObjectOf(env, key) };
}

export const invitesHandlers: HandlerTable<
  | "messages.exportChatInvite"
  | "messages.editExportedChatInvite"
  | "messages.checkChatInvite"
  | "messages.importChatInvite"
  | "messages.hideChatJoinRequest"
> = {
  async "messages.exportChatInvite"(ctx, p) {
    const { key, chat } = chatOf(ctx.env, p.peer);
    return chat.exportInvite(key, userIdOf(ctx), {
      title: p.title,
      expire_date: p.expire_date,
      usage_limit: p.usage_limit,
      request_needed: p.request_needed,
      permanent: p.legacy_revoke_permanent ?? false,
    });
  },
  async "messages.editExportedChatInvite"(ctx, p) {
    const { key, chat } = chatOf(ctx.env, p.peer);
    const terms = {
      title: p.title,
      expire_date: p.expire_date,
      usage_limit: p.usage_limit,
      request_needed: p.request_needed,
    };
    return chat.editInvite(key, userIdOf(ctx), p.link, p.revoked ?? false, terms);
  },
  async "messages.checkChatInvite"(ctx, p) {
    const { hash, chat } = chatOfLink(ctx.env, p.hash);
    return chat.checkInvite(hash, userIdOf(ctx));
  },
  async "messages.importChatInvite"(ctx, p) {
    const { key, hash, chat } = chatOfLink(ctx.env, p.hash);
    return chat.joinByInvite(key, hash, userIdOf(ctx));
  },
  async "messages.hideChatJoinRequest"(ctx, p) {
    const { key, chat } = chatOf(ctx.env, p.peer);
    return chat.hideJoinRequest(key, userIdOf(ctx), p.user_id, p.approved);
  },
};
