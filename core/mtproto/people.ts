/** People over MTProto: usernames, search, the address book and the caller's own profile and presence. */
import type { TlTypes } from "../../protocol/mtproto/gen/api-types.ts";
import type { MtAdapterTable } from "./context.ts";
import { core } from "./core-call.ts";
import { selfId } from "./present/peers.ts";
import { tlUser } from "./present/users.ts";

export const peopleAdapters: MtAdapterTable<
  | "contacts.resolveUsername"
  | "contacts.search"
  | "contacts.getContacts"
  | "account.updateProfile"
  | "account.updateUsername"
  | "account.updateStatus"
> = {
  async "contacts.resolveUsername"(ctx, call) {
    const me = selfId(ctx);
    const { user } = await core(ctx, "contacts.resolveUsername", { username: call.username });
    return {
      _: "contacts.resolvedPeer",
      peer: { _: "peerUser", userId: BigInt(user.id) },
      chats: [],
      users: [tlUser(ctx.rpc.env, me, user)],
    };
  },
  async "contacts.search"(ctx, call) {
    const me = selfId(ctx);
    const { users } = await core(ctx, "contacts.search", { q: call.q, limit: Math.min(Math.max(call.limit, 1), 100) });
    const peers: TlTypes["Peer"][] = users.map((u) => ({ _: "peerUser", userId: BigInt(u.id) }));
    return {
      _: "contacts.found",
      myResults: peers.filter((_, i) => users[i]?.contact),
      results: peers.filter((_, i) => !users[i]?.contact),
      chats: [],
      users: users.map((u) => tlUser(ctx.rpc.env, me, u)),
    };
  },
  async "contacts.getContacts"(ctx) {
    const me = selfId(ctx);
    const { users } = await core(ctx, "contacts.getContacts", {});
    return {
      _: "contacts.contacts",
      contacts: users.map((u) => ({ _: "contact", userId: BigInt(u.id), mutual: false })),
      savedCount: 0,
      users: users.map((u) => tlUser(ctx.rpc.env, me, u)),
    };
  },
  async "account.updateProfile"(ctx, call) {
    const me = selfId(ctx);
    const params = {
      ...(call.firstName !== undefined ? { first_name: call.firstName } : {}),
      ...(call.lastName !== undefined ? { last_name: call.lastName } : {}),
      ...(call.about !== undefined ? { about: call.about } : {}),
    };
    return tlUser(ctx.rpc.env, me, await core(ctx, "account.updateProfile", params));
  },
  async "account.updateUsername"(ctx, call) {
    const me = selfId(ctx);
    return tlUser(ctx.rpc.env, me, await core(ctx, "account.updateUsername", { username: call.username }));
  },
  async "account.updateStatus"(ctx, call) {
    await core(ctx, "account.updateStatus", { offline: call.offline });
    return true;
  },
};
