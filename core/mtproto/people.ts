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
  | "contacts.importContacts"
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
  async "contacts.importContacts"(ctx, call) {
    const me = selfId(ctx);
    const contacts = call.contacts.map((c) => ({
      client_id: BigInt.asIntN(64, c.clientId).toString(),
      phone: c.phone,
      ...(c.firstName ? { first_name: c.firstName } : {}),
      ...(c.lastName ? { last_name: c.lastName } : {}),
    }));
    const r = await core(ctx, "contacts.importContacts", { contacts });
    return {
      _: "contacts.importedContacts",
      imported: r.imported.map((i) => ({
        _: "importedContact",
        userId: BigInt(i.user_id),
        clientId: BigInt(i.client_id),
      })),
      popularInvites: [],
      retryContacts: [],
      users: r.users.map((u) => tlUser(ctx.rpc.env, me, u)),
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
