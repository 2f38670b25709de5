/**
 * Peers both ways: the core's Peer as TL's peerUser/peerChat/peerChannel, and a client's InputPeer back
 * to a core Peer with its access hash checked against the caller's (a forged one is PEER_ID_INVALID /
 * CHANNEL_INVALID, as Telegram answers).
 */
import { Errors } from "../../../protocol/errors.ts";
import type { Peer } from "../../../protocol/model/peer.ts";
import type { TlTypes } from "../../../protocol/mtproto/gen/api-types.ts";
import { type AccessHashEnv, checkAccessHash } from "../access-hash.ts";

/** What resolving a peer needs of the call's context (an MtContext is one). */
export interface PeerContext {
  rpc: { env: AccessHashEnv; device: { userId: number | null } };
}

export function selfId(ctx: PeerContext): number {
  if (ctx.rpc.device.userId === null) throw Errors.unauthorized();
  return ctx.rpc.device.userId;
}

export function tlPeer(p: Peer): TlTypes["Peer"] {
  if (p._ === "user") return { _: "peerUser", userId: BigInt(p.id) };
  if (p._ === "chat") return { _: "peerChat", chatId: BigInt(p.id) };
  return { _: "peerChannel", channelId: BigInt(p.id) };
}

/** A TL long id as the core's number id; ids beyond 2^53 name nothing here. */
function idOf(id: bigint, error: string): number {
  if (id <= 0n || id > BigInt(Number.MAX_SAFE_INTEGER)) throw Errors.badRequest(error);
  return Number(id);
}

export function corePeerOf(ctx: PeerContext, input: TlTypes["InputPeer"]): Peer {
  const me = selfId(ctx);
  const env = ctx.rpc.env;
  switch (input._) {
    case "inputPeerSelf":
      return { _: "user", id: me };
    case "inputPeerUser": {
      const id = idOf(input.userId, "PEER_ID_INVALID");
      if (id !== me && !checkAccessHash(env, me, "user", id, input.accessHash))
        throw Errors.badRequest("PEER_ID_INVALID");
      return { _: "user", id };
    }
    case "inputPeerChat":
      // Basic groups carry no access hash in Telegram either: the core checks membership.
      return { _: "chat", id: idOf(input.chatId, "CHAT_ID_INVALID") };
    case "inputPeerChannel": {
      const id = idOf(input.channelId, "CHANNEL_INVALID");
      if (!checkAccessHash(env, me, "chat", id, input.accessHash)) throw Errors.badRequest("CHANNEL_INVALID");
      return { _: "channel", id };
    }
    default:
      throw Errors.badRequest("PEER_ID_INVALID");
  }
}

/** The user id an InputUser names, its access hash checked against the caller's. */
export function inputUserId(ctx: PeerContext, input: TlTypes["InputUser"]): number {
  const me = selfId(ctx);
  if (input._ === "inputUserSelf") return me;
  if (input._ === "inputUser") {
    const id = input.userId > 0n && input.userId <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(input.userId) : 0;
    if (id > 0 && (id === me || checkAccessHash(ctx.rpc.env, me, "user", id, input.accessHash))) return id;
  }
  throw Errors.badRequest("USER_ID_INVALID");
}

/** The channel id an InputChannel names, its access hash checked against the caller's. */
export function inputChannelId(ctx: PeerContext, input: TlTypes["InputChannel"]): number {
  if (input._ !== "inputChannel") throw Errors.badRequest("CHANNEL_INVALID");
  const id = idOf(input.channelId, "CHANNEL_INVALID");
  if (!checkAccessHash(ctx.rpc.env, selfId(ctx), "chat", id, input.accessHash))
    throw Errors.badRequest("CHANNEL_INVALID");
  return id;
}

/** A basic group's id from TL's long (ids beyond 2^53 name no group here). */
export function basicChatId(id: bigint): number {
  return id > 0n && id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : 0;
}
