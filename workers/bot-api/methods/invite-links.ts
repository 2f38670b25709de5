/**
 * Invite links and join requests by a bot: export/create/edit/revoke links, approve/decline
 * requests — onto messages.exportChatInvite / editExportedChatInvite / hideChatJoinRequest.
 */
import * as v from "valibot";
import { tgInviteLink } from "../../../protocol/bot-api/invite-links.ts";
import { bool, ChatId, int, str } from "../../../protocol/bot-api/params.ts";
import type { ExportedChatInvite } from "../../../protocol/model/invite.ts";
import type { Peer } from "../../../protocol/model/peer.ts";
import { type BotContext, botMethod, directoryFor } from "../context.ts";
import { badRequest } from "../errors.ts";
import { resolveChat } from "./messages.ts";

/** The chat whose links the bot manages, with tdlib's wording when it is a private chat. */
async function linkChat(ctx: BotContext, chatId: number | string): Promise<Peer> {
  const peer = await resolveChat(ctx, chatId);
  if (peer._ === "user") throw badRequest("can't invite members to a private chat");
  return peer;
}

/** tdlib's wording for a bot that may not manage the chat's links (not an admin with can_invite_users). */
async function asLinkManager<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if ((e as { text?: string }).text === "CHAT_ADMIN_REQUIRED")
      throw badRequest("not enough rights to manage chat invite link");
    throw e;
  }
}

async function present(ctx: BotContext, invite: ExportedChatInvite) {
  return tgInviteLink(invite, await directoryFor(ctx, [invite.admin_id], []), ctx.botId);
}

/** A link's terms as a bot gives them; tdlib cuts a long name to 32 characters. */
const Terms = {
  name: v.optional(str()),
  expire_date: v.optional(int("expire_date")),
  member_limit: v.optional(int("member_limit")),
  creates_join_request: v.optional(bool()),
};

function termsOf(p: { name?: string; expire_date?: number; member_limit?: number; creates_join_request?: boolean }) {
  if (p.creates_join_request && p.member_limit)
    throw badRequest("member limit can't be specified for links requiring administrator approval");
  // The Bot API sets every term on each call: one left out is none (an edit clears it).
  return {
    title: [...(p.name ?? "")].slice(0, 32).join(""),
    expire_date: p.expire_date ?? 0,
    usage_limit: p.member_limit ?? 0,
    request_needed: p.creates_join_request ?? false,
  };
}

const JoinRequest = v.object({ chat_id: ChatId, user_id: int("user_id") });

export const inviteLinkMethods = {
  exportchatinvitelink: botMethod(v.object({ chat_id: ChatId }), async (ctx, p) => {
    const peer = await linkChat(ctx, p.chat_id);
    const invite = await asLinkManager(() =>
      ctx.call("messages.exportChatInvite", { peer, legacy_revoke_permanent: true }),
    );
    return invite.link;
  }),
  createchatinvitelink: botMethod(v.object({ chat_id: ChatId, ...Terms }), async (ctx, p) => {
    const peer = await linkChat(ctx, p.chat_id);
    const terms = termsOf(p);
    const invite = await asLinkManager(() => ctx.call("messages.exportChatInvite", { peer, ...terms }));
    return present(ctx, invite);
  }),
  editchatinvitelink: botMethod(v.object({ chat_id: ChatId, invite_link: str(), ...Terms }), async (ctx, p) => {
    const peer = await linkChat(ctx, p.chat_id);
    const terms = termsOf(p);
    const r = await asLinkManager(() =>
      ctx.call("messages.editExportedChatInvite", { peer, link: p.invite_link, ...terms }),
    );
    return present(ctx, r.invite);
  }),
  revokechatinvitelink: botMethod(v.object({ chat_id: ChatId, invite_link: str() }), async (ctx, p) => {
    const peer = await linkChat(ctx, p.chat_id);
    const r = await asLinkManager(() =>
      ctx.call("messages.editExportedChatInvite", { peer, link: p.invite_link, revoked: true }),
    );
    return present(ctx, r.invite);
  }),
  approvechatjoinrequest: botMethod(JoinRequest, async (ctx, p) => {
    const peer = await linkChat(ctx, p.chat_id);
    await asLinkManager(() => ctx.call("messages.hideChatJoinRequest", { peer, user_id: p.user_id, approved: true }));
    return true;
  }),
  declinechatjoinrequest: botMethod(JoinRequest, async (ctx, p) => {
    const peer = await linkChat(ctx, p.chat_id);
    await asLinkManager(() => ctx.call("messages.hideChatJoinRequest", { peer, user_id: p.user_id, approved: false }));
    return true;
  }),
};
