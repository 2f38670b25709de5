/**
 * Channels and supergroups over MTProto: create, invite, join and leave, members, admins and bans,
 * messages by id, reads and deletions, and updates.getChannelDifference from the channel's own pts
 * stream. Each is the core's call; answers in Telegram's shape.
 */
import type { Chat, ChatParticipant, Dialog } from "../../protocol/model/chat.ts";
import type { Message } from "../../protocol/model/message.ts";
import type { Update } from "../../protocol/model/update.ts";
import type { User } from "../../protocol/model/user.ts";
import type { TlTypes } from "../../protocol/mtproto/gen/api-types.ts";
import { PARTICIPANTS_PAGE_MAX } from "../../protocol/rpc/chats.ts";
import type { MtAdapterTable, MtContext } from "./context.ts";
import { core } from "./core-call.ts";
import { invited } from "./groups.ts";
import { MessageIds } from "./message-ids.ts";
import { affected, answerUpdates, findDialogs } from "./messages.ts";
import { coreBannedRights, tlAdminRights, tlBannedRights, tlChat } from "./present/chats.ts";
import { tlMessage } from "./present/messages.ts";
import { corePeerOf, inputChannelId, inputUserId, selfId, tlPeer } from "./present/peers.ts";
import { tlUpdate } from "./present/updates.ts";
import { tlUser } from "./present/users.ts";

/** A page of messages with the users and chats they name, for this viewer. */
function present(ctx: MtContext, page: { messages: Message[]; users: User[]; chats: Chat[] }) {
  const me = selfId(ctx);
  const env = ctx.rpc.env;
  return {
    // Channel messages keep the channel's ids: no box to load.
    messages: page.messages.map((m) => tlMessage(env, me, m, MessageIds.empty(me))),
    topics: [],
    chats: page.chats.map((c) => tlChat(env, me, c)),
    users: page.users.map((u) => tlUser(env, me, u)),
  };
}

const ALL_ADMIN = {
  change_info: true,
  delete_messages: true,
  invite_users: true,
  pin_messages: true,
  add_admins: true,
};

function tlParticipant(p: ChatParticipant, creatorId: number, me: number): TlTypes["ChannelParticipant"] {
  const userId = BigInt(p.user_id);
  if (p.role === "creator") return { _: "channelParticipantCreator", userId, adminRights: tlAdminRights(ALL_ADMIN) };
  if (p.role === "admin")
    return {
      _: "channelParticipantAdmin",
      self: p.user_id === me,
      userId,
      promotedBy: BigInt(creatorId),
      date: p.date,
      adminRights: tlAdminRights(ALL_ADMIN),
    };
  if (p.banned_rights)
    return {
      _: "channelParticipantBanned",
      left: false,
      peer: tlPeer({ _: "user", id: p.user_id }),
      kickedBy: BigInt(creatorId),
      date: p.date,
      bannedRights: tlBannedRights(p.banned_rights),
    };
  return p.user_id === me
    ? { _: "channelParticipantSelf", userId, inviterId: BigInt(creatorId), date: p.date }
    : { _: "channelParticipant", userId, date: p.date };
}

/** A channel's answer when the core's call changed nothing a member sees: the channel itself. */
async function withChannel(ctx: MtContext, r: { chat: Parameters<typeof tlChat>[2]; updates: Update[] }) {
  return answerUpdates(ctx, r.updates.length ? r.updates : [{ _: "updateChat", chat: r.chat, pts: 0, pts_count: 0 }]);
}

/** The caller's dialog with a channel (read state, channel pts). */
async function channelDialog(ctx: MtContext, channelId: number): Promise<Dialog | undefined> {
  return (await findDialogs(ctx, [{ _: "channel", id: channelId }])).dialogs[0];
}

async function full(ctx: MtContext, channelId: number) {
  return core(ctx, "messages.getFullChat", { peer: { _: "channel", id: channelId } });
}

/** Telegram's participant filters onto ours; search, contacts and mentions list members (narrowed by q). */
function coreFilter(filter: TlTypes["ChannelParticipantsFilter"]): "recent" | "admins" | "kicked" | "banned" {
  switch (filter._) {
    case "channelParticipantsAdmins":
      return "admins";
    case "channelParticipantsKicked":
      return "kicked";
    case "channelParticipantsBanned":
      return "banned";
    default:
      return "recent";
  }
}

/** The channel's creator (tlParticipant tells the creator apart), from this page if it is there. */
async function creatorOf(ctx: MtContext, channelId: number, page: ChatParticipant[], me: number): Promise<number> {
  const here = page.find((p) => p.role === "creator");
  if (here) return here.user_id;
  // Only an admin's promoter, a ban's author and the caller's inviter name the creator.
  if (!page.some((p) => p.role === "admin" || p.banned_rights || p.user_id === me)) return me;
  const { participants } = await core(ctx, "channels.getParticipants", { channel_id: channelId, filter: "admins" });
  return participants.find((p) => p.role === "creator")?.user_id ?? me;
}

export const channelsAdapters: MtAdapterTable<
  | "channels.createChannel"
  | "channels.inviteToChannel"
  | "channels.joinChannel"
  | "channels.leaveChannel"
  | "channels.getParticipants"
  | "channels.getParticipant"
  | "channels.getFullChannel"
  | "channels.getChannels"
  | "channels.getMessages"
  | "channels.readHistory"
  | "channels.deleteMessages"
  | "channels.editAdmin"
  | "channels.editBanned"
  | "channels.editTitle"
  | "updates.getChannelDifference"
> = {
  async "channels.createChannel"(ctx, call) {
    const r = await core(ctx, "channels.createChannel", {
      title: call.title,
      about: call.about,
      megagroup: call.megagroup ?? false,
    });
    return withChannel(ctx, r);
  },
  async "channels.inviteToChannel"(ctx, call) {
    const users = call.users.map((u) => inputUserId(ctx, u));
    const r = await core(ctx, "channels.inviteToChannel", { channel_id: inputChannelId(ctx, call.channel), users });
    return invited(ctx, r.updates.length ? r.updates : [{ _: "updateChat", chat: r.chat, pts: 0, pts_count: 0 }]);
  },
  async "channels.joinChannel"(ctx, call) {
    const r = await core(ctx, "channels.joinChannel", { channel_id: inputChannelId(ctx, call.channel) });
    return { _: "messages.chatInviteJoinResultOk", updates: await withChannel(ctx, r) };
  },
  async "channels.leaveChannel"(ctx, call) {
    return withChannel(
      ctx,
      await core(ctx, "channels.leaveChannel", { channel_id: inputChannelId(ctx, call.channel) }),
    );
  },
  async "channels.getParticipants"(ctx, call) {
    const me = selfId(ctx);
    const env = ctx.rpc.env;
    const channelId = inputChannelId(ctx, call.channel);
    const limit = Math.min(Math.max(call.limit, 0), PARTICIPANTS_PAGE_MAX);
    const q = "q" in call.filter ? String(call.filter.q ?? "") : "";
    // Bots are not told apart in a member list: that filter lists none.
    if (limit === 0 || call.filter._ === "channelParticipantsBots") {
      const { count } = await core(ctx, "channels.getParticipants", { channel_id: channelId, limit: 1 });
      const none = call.filter._ === "channelParticipantsBots";
      return { _: "channels.channelParticipants", count: none ? 0 : count, participants: [], chats: [], users: [] };
    }
    const page = await core(ctx, "channels.getParticipants", {
      channel_id: channelId,
      filter: coreFilter(call.filter),
      offset: Math.max(call.offset, 0),
      limit,
      ...(q ? { q } : {}),
    });
    const creator = await creatorOf(ctx, channelId, page.participants, me);
    return {
      _: "channels.channelParticipants",
      count: page.count,
      participants: page.participants.map((p) => tlParticipant(p, creator, me)),
      chats: [],
      users: page.users.map((u) => tlUser(env, me, u)),
    };
  },
  async "channels.getParticipant"(ctx, call) {
    const me = selfId(ctx);
    const channelId = inputChannelId(ctx, call.channel);
    const peer = corePeerOf(ctx, call.participant);
    const { participant } = await core(ctx, "channels.getParticipant", { channel_id: channelId, user_id: peer.id });
    const creator = await creatorOf(ctx, channelId, [participant], me);
    const users = await core(ctx, "users.getUsers", { ids: [participant.user_id] });
    return {
      _: "channels.channelParticipant",
      participant: tlParticipant(participant, creator, me),
      chats: [],
      users: users.map((u) => tlUser(ctx.rpc.env, me, u)),
    };
  },
  async "channels.getFullChannel"(ctx, call) {
    const me = selfId(ctx);
    const env = ctx.rpc.env;
    const channelId = inputChannelId(ctx, call.channel);
    const f = await full(ctx, channelId);
    const d = await channelDialog(ctx, channelId);
    return {
      _: "messages.chatFull",
      fullChat: {
        _: "channelFull",
        canViewParticipants: true,
        id: BigInt(channelId),
        about: "",
        participantsCount: f.chat.participants_count,
        adminsCount: f.participants.filter((p) => p.role !== "member").length,
        readInboxMaxId: d?.read_inbox_max_id ?? 0,
        readOutboxMaxId: d?.read_outbox_max_id ?? 0,
        unreadCount: d?.unread_count ?? 0,
        chatPhoto: { _: "photoEmpty", id: 0n },
        notifySettings: { _: "peerNotifySettings" },
        botInfo: [],
        pts: d?.pts ?? 0,
      },
      chats: [tlChat(env, me, f.chat)],
      users: f.users.map((u) => tlUser(env, me, u)),
    };
  },
  async "channels.getChannels"(ctx, call) {
    const me = selfId(ctx);
    const chats: TlTypes["Chat"][] = [];
    for (const c of call.id) chats.push(tlChat(ctx.rpc.env, me, (await full(ctx, inputChannelId(ctx, c))).chat));
    return { _: "messages.chats", chats };
  },
  async "channels.getMessages"(ctx, call) {
    const channelId = inputChannelId(ctx, call.channel);
    const id = call.id.flatMap((m) => (m._ === "inputMessageID" ? [m.id] : []));
    const page = await core(ctx, "messages.getMessages", { peer: { _: "channel", id: channelId }, id });
    const pts = (await channelDialog(ctx, channelId))?.pts ?? 0;
    return { _: "messages.channelMessages", pts, count: page.count, ...present(ctx, page) };
  },
  async "channels.readHistory"(ctx, call) {
    const peer = { _: "channel" as const, id: inputChannelId(ctx, call.channel) };
    await core(ctx, "messages.readHistory", { peer, max_id: call.maxId });
    return true;
  },
  async "channels.deleteMessages"(ctx, call) {
    const peer = { _: "channel" as const, id: inputChannelId(ctx, call.channel) };
    const r = await core(ctx, "messages.deleteMessages", { peer, id: call.id, revoke: true });
    return affected(r.updates);
  },
  async "channels.editAdmin"(ctx, call) {
    const r = call.adminRights;
    const isAdmin = [
      r.changeInfo,
      r.postMessages,
      r.editMessages,
      r.deleteMessages,
      r.banUsers,
      r.inviteUsers,
      r.pinMessages,
      r.addAdmins,
      r.manageCall,
      r.other,
    ].some(Boolean);
    const channelId = inputChannelId(ctx, call.channel);
    await core(ctx, "channels.editAdmin", {
      channel_id: channelId,
      user_id: inputUserId(ctx, call.userId),
      is_admin: isAdmin,
    });
    return withChannel(ctx, { chat: (await full(ctx, channelId)).chat, updates: [] });
  },
  async "channels.editBanned"(ctx, call) {
    const peer = corePeerOf(ctx, call.participant);
    const r = await core(ctx, "channels.editBanned", {
      channel_id: inputChannelId(ctx, call.channel),
      user_id: peer.id,
      banned_rights: coreBannedRights(call.bannedRights),
    });
    return withChannel(ctx, r);
  },
  async "channels.editTitle"(ctx, call) {
    return withChannel(
      ctx,
      await core(ctx, "channels.editTitle", { channel_id: inputChannelId(ctx, call.channel), title: call.title }),
    );
  },
  async "updates.getChannelDifference"(ctx, call) {
    const me = selfId(ctx);
    const env = ctx.rpc.env;
    const channelId = inputChannelId(ctx, call.channel);
    const limit = Math.min(Math.max(call.limit, 1), 100);
    const d = await core(ctx, "updates.getChannelDifference", {
      channel_id: channelId,
      pts: Math.max(call.pts, 0),
      limit,
    });
    if (d._ === "updates.channelDifferenceEmpty")
      return { _: "updates.channelDifferenceEmpty", final: true, pts: d.pts };
    if (d._ === "updates.channelDifferenceTooLong") {
      // Too far behind: the dialog and its newest messages, from which the client goes on.
      const page = await core(ctx, "messages.getHistory", { peer: { _: "channel", id: channelId }, limit });
      const m = present(ctx, page);
      const dlg = await channelDialog(ctx, channelId);
      return {
        _: "updates.channelDifferenceTooLong",
        final: true,
        dialog: {
          _: "dialog",
          peer: { _: "peerChannel", channelId: BigInt(channelId) },
          topMessage: dlg?.top_message ?? 0,
          readInboxMaxId: dlg?.read_inbox_max_id ?? 0,
          readOutboxMaxId: dlg?.read_outbox_max_id ?? 0,
          unreadCount: dlg?.unread_count ?? 0,
          unreadMentionsCount: 0,
          unreadReactionsCount: 0,
          unreadPollVotesCount: 0,
          notifySettings: { _: "peerNotifySettings" },
          pts: d.pts,
        },
        messages: m.messages,
        chats: m.chats,
        users: m.users,
      };
    }
    const isNew = (u: Update) => u._ === "updateNewChannelMessage" || u._ === "updateNewMessage";
    return {
      _: "updates.channelDifference",
      final: d.final,
      pts: d.pts,
      newMessages: d.updates.flatMap((u) =>
        isNew(u) && "message" in u ? [tlMessage(env, me, u.message, MessageIds.ofUpdates(me, [u]))] : [],
      ),
      otherUpdates: d.updates.flatMap((u) => (isNew(u) ? [] : (tlUpdate(env, me, u) ?? []))),
      chats: d.chats.map((c) => tlChat(env, me, c)),
      users: d.users.map((u) => tlUser(env, me, u)),
    };
  },
};
