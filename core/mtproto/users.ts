/** users.* over MTProto. */
import type { User } from "../../protocol/model/user.ts";
import { dispatchRpc } from "../rpc/dispatch.ts";
import type { MtAdapterTable } from "./context.ts";
import { inputUserId, selfId } from "./present/peers.ts";
import { tlUser } from "./present/users.ts";

export const usersAdapters: MtAdapterTable<"users.getUsers" | "users.getFullUser"> = {
  async "users.getUsers"(ctx, call) {
    const me = selfId(ctx);
    const ids = call.id.map((i) => inputUserId(ctx, i));
    const users = (await dispatchRpc(ctx.rpc, "users.getUsers", { ids })).result as User[];
    return users.map((u) => tlUser(ctx.rpc.env, me, u));
  },
  async "users.getFullUser"(ctx, call) {
    const me = selfId(ctx);
    const id = inputUserId(ctx, call.id);
    const full = (await dispatchRpc(ctx.rpc, "users.getFullUser", { id })).result as { user: User; about?: string };
    return {
      _: "users.userFull",
      fullUser: {
        _: "userFull",
        id: BigInt(id),
        ...(full.about ? { about: full.about } : {}),
        settings: { _: "peerSettings" },
        notifySettings: { _: "peerNotifySettings" },
        commonChatsCount: 0,
      },
      chats: [],
      users: [tlUser(ctx.rpc.env, me, full.user)],
    };
  },
};
