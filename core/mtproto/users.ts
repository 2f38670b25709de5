/** users.* over MTProto, and the core's User as TL's `user` for a viewer (its access hash is the viewer's). */
import { Errors } from "../../protocol/errors.ts";
import type { User } from "../../protocol/model/user.ts";
import type { TlConstructors, TlTypes } from "../../protocol/mtproto/gen/api-types.ts";
import { dispatchRpc } from "../rpc/dispatch.ts";
import { accessHash, checkAccessHash } from "./access-hash.ts";
import type { MtAdapterTable, MtContext } from "./context.ts";

export function tlUser(env: Env, viewer: number | null, u: User): TlConstructors["user"] {
  const status: TlTypes["UserStatus"] | undefined =
    u.status?._ === "online"
      ? { _: "userStatusOnline", expires: u.status.expires }
      : u.status?._ === "offline"
        ? { _: "userStatusOffline", wasOnline: u.status.was_online }
        : u.status?._ === "recently"
          ? { _: "userStatusRecently" }
          : undefined;
  return {
    _: "user",
    self: u.self === true || u.id === viewer,
    contact: u.contact ?? false,
    bot: u.bot ?? false,
    id: BigInt(u.id),
    accessHash: accessHash(env, viewer ?? u.id, "user", u.id),
    firstName: u.first_name,
    ...(u.last_name ? { lastName: u.last_name } : {}),
    ...(u.username ? { username: u.username } : {}),
    ...(u.phone ? { phone: u.phone.replace(/^\+/, "") } : {}),
    ...(status ? { status } : {}),
  };
}

const selfId = (ctx: MtContext): number => {
  if (ctx.rpc.device.userId === null) throw Errors.unauthorized();
  return ctx.rpc.device.userId;
};

/** The user id an InputUser names, its access hash checked against the caller's. */
export function inputUserId(ctx: MtContext, input: TlTypes["InputUser"]): number {
  const me = selfId(ctx);
  if (input._ === "inputUserSelf") return me;
  if (input._ === "inputUser") {
    const id = Number(input.userId);
    if (id === me || checkAccessHash(ctx.rpc.env, me, "user", id, input.accessHash)) return id;
  }
  throw Errors.badRequest("USER_ID_INVALID");
}

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
