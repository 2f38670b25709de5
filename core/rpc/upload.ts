/**
 * upload.* and messages.uploadMedia: the core's side. Parts go to the media
 * worker with the signed-in user's id; reads are authorised here (owner, or a
 * member of a chat the media was sent into) before the media worker serves them.
 */

import { Errors } from "../../protocol/errors.ts";
import { parseChatKey } from "../chat/keys.ts";
import type { MediaAccess } from "../media/records.ts";
import { chatObjectOf } from "../objects.ts";
import { type HandlerTable, type RpcContext, userIdOf, withBlob } from "./context.ts";

/** The grant a profile photo carries: anyone signed in may read it (photos.uploadProfilePhoto). */
export const PROFILE_PHOTO_GRANT = "profile";

/** The media worker's RPC surface; deployments without it answer 500 MEDIA_UNAVAILABLE. */
export function mediaOf(env: Env): Env["MEDIA"] {
  if (!env.MEDIA) throw Errors.internal("MEDIA_UNAVAILABLE");
  return env.MEDIA;
}

/** GET /files/<token>: handed to the media worker, which checks the signature and serves the range. */
export async function serveSignedFile(env: Env, request: Request): Promise<Response> {
  if (!env.MEDIA) return Response.json({ error: { code: 404, message: "NOT_FOUND" } }, { status: 404 });
  return env.MEDIA.fetch(request);
}

/** Whether `userId` belongs to the chat `chatKey` (`private:<lo>:<hi>`, `chat:<id>`, `channel:<id>`). */
async function isMember(env: Env, chatKey: string, userId: number): Promise<boolean> {
  const key = parseChatKey(chatKey);
  // A private chat's members are in its key; no need to wake its object.
  if (key.kind === "private") return key.id === userId || key.other === userId;
  return chatObjectOf(env, chatKey).isMember(userId);
}

/** Checks the access hash, then that the caller owns the media or is in a chat it was sent into. */
async function authorizeRead(ctx: RpcContext, mediaId: string, accessHash: string): Promise<MediaAccess> {
  const userId = userIdOf(ctx);
  const admits = async (access: MediaAccess) => {
    if (access.owner === userId || access.chats.includes(PROFILE_PHOTO_GRANT)) return true;
    for (const chatKey of access.chats) if (await isMember(ctx.env, chatKey, userId)) return true;
    return false;
  };
  // The media worker may answer from its remembered grants (a subset): a refusal is checked on all of them.
  const access = await mediaOf(ctx.env).describe(mediaId, accessHash, false, userId);
  if (await admits(access)) return access;
  const fresh = await mediaOf(ctx.env).describe(mediaId, accessHash, true, userId);
  if (await admits(fresh)) return fresh;
  throw Errors.forbidden("MEDIA_ACCESS_DENIED");
}

export const uploadHandlers: HandlerTable<
  | "upload.saveFilePart"
  | "upload.saveBigFilePart"
  | "upload.getUploadState"
  | "messages.uploadMedia"
  | "upload.getFile"
  | "upload.getFileUrl"
> = {
  async "upload.saveFilePart"(ctx, p) {
    await mediaOf(ctx.env).savePart(userIdOf(ctx), p.file_id, p.file_part, null, ctx.blob);
    return true;
  },
  async "upload.saveBigFilePart"(ctx, p) {
    if (p.file_part >= p.file_total_parts) throw Errors.badRequest("FILE_PART_INVALID");
    await mediaOf(ctx.env).savePart(userIdOf(ctx), p.file_id, p.file_part, p.file_total_parts, ctx.blob);
    return true;
  },
  async "upload.getUploadState"(ctx, p) {
    return mediaOf(ctx.env).uploadState(userIdOf(ctx), p.file_id);
  },
  async "messages.uploadMedia"(ctx, p) {
    return mediaOf(ctx.env).finishUpload(userIdOf(ctx), p.file_id, {
      parts: p.parts,
      mime_type: p.mime_type,
      ...(p.name !== undefined ? { name: p.name } : {}),
      ...(p.sha256 !== undefined ? { sha256: p.sha256 } : {}),
    });
  },
  async "upload.getFile"(ctx, p) {
    await authorizeRead(ctx, p.media_id, p.access_hash);
    const out = await mediaOf(ctx.env).readRange(p.media_id, p.offset, p.limit, p.thumb_size);
    return withBlob({ size: out.size, mime_type: out.mime_type }, out.bytes);
  },
  async "upload.getFileUrl"(ctx, p) {
    await authorizeRead(ctx, p.media_id, p.access_hash);
    return mediaOf(ctx.env).downloadUrl(p.media_id, p.ttl_seconds);
  },
};
