/** The address book and the block list over MTProto: add and delete contacts, block, unblock, list blocked. */
import { Errors } from "../../protocol/errors.ts";
import type { User } from "../../protocol/model/user.ts";
import type { TlTypes } from "../../protocol/mtproto/gen/api-types.ts";
import type { MtAdapterTable, MtContext } from "./context.ts";
import { core } from "./core-call.ts";
import { corePeerOf, inputUserId, selfId } from "./present/peers.ts";
import { tlUser } from "./present/users.ts";

/** Telegram answers contact changes as `updates` naming the users, with no updates in them. */
function naming(ctx: MtContext, users: User[]): TlTypes["Updates"] {
  const me = selfId(ctx);
  return {
    _: "updates",
    updates: [],
    users: users.map((u) => tlUser(ctx.rpc.env, me, u)),
    chats: [],
    date: Math.floor(Date.now() / 1000),
    seq: 0,
  };
}

/** Only users are blocked here (Telegram also blocks channels' posting as a chat). */
function blockedUserId(ctx: MtContext, peer: TlTypes["InputPeer"]): number {
  const p = corePeerOf(ctx, peer);
  if (p._ !== "user") throw Errors.badRequest("PEER_ID_INVALID");
  return p.id;
}

export const addressBookAdapters: MtAdapterTable<
  "contacts.addContact" | "contacts.deleteContacts" | "contacts.block" | "contacts.unblock" | "contacts.getBlocked"
> = {
  async "contacts.addContact"(ctx, call) {
    const { user } = await core(ctx, "contacts.addContact", {
      id: inputUserId(ctx, call.id),
      ...(call.firstName ? { first_name: call.firstName } : {}),
      ...(call.lastName ? { last_name: call.lastName } : {}),
    });
    return naming(ctx, [user]);
  },
  async "contacts.deleteContacts"(ctx, call) {
    const ids = call.id.map((u) => inputUserId(ctx, u));
    await core(ctx, "contacts.deleteContacts", { id: ids });
    return naming(ctx, ids.length ? await core(ctx, "users.getUsers", { ids }) : []);
  },
  async "contacts.block"(ctx, call) {
    return core(ctx, "contacts.block", { id: blockedUserId(ctx, call.id) });
  },
  async "contacts.unblock"(ctx, call) {
    return core(ctx, "contacts.unblock", { id: blockedUserId(ctx, call.id) });
  },
  /** The whole list at once (the core keeps no block dates: they read 0). */
  async "contacts.getBlocked"(ctx, call) {
    const me = selfId(ctx);
    const { users } = await core(ctx, "contacts.getBlocked", {});
    const page = users.slice(
      Math.max(call.offset, 0),
      Math.max(call.offset, 0) + Math.min(Math.max(call.limit, 1), 100),
    );
    return {
      _: "contacts.blocked",
      blocked: page.map((u) => ({ _: "peerBlocked", peerId: { _: "peerUser", userId: BigInt(u.id) }, date: 0 })),
      chats: [],
      users: page.map((u) => tlUser(ctx.rpc.env, me, u)),
    };
  },
};
