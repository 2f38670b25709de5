/**
 * Profile photos over MTProto: set one from an upload, list a user's, delete one's own, and find the file a
 * `inputPeerPhotoFileLocation` names (a user's current photo, which anyone signed in may read).
 */
import { Errors } from "../../protocol/errors.ts";
import type { InputMediaRef, MediaRef } from "../../protocol/model/media.ts";
import type { ProfilePhoto } from "../../protocol/model/user.ts";
import type { TlTypes } from "../../protocol/mtproto/gen/api-types.ts";
import type { MtAdapterTable, MtContext } from "./context.ts";
import { core } from "./core-call.ts";
import { parseFileReference, tlFileId, tlPhoto } from "./present/files.ts";
import { corePeerOf, inputUserId, selfId } from "./present/peers.ts";
import { tlUser } from "./present/users.ts";

/** A profile photo as the MediaRef the photo presenter takes (profile photos are still images). */
function photoRef(p: ProfilePhoto): MediaRef {
  return {
    media_id: p.media_id,
    access_hash: p.access_hash,
    mime_type: "image/jpeg",
    size: p.sizes?.size ?? 0,
    ...(p.sizes ? { w: p.sizes.w, h: p.sizes.h } : {}),
    thumbnails: p.sizes?.thumbnails ?? [],
  };
}

/** The file behind a peer's photo location: the user's current profile photo, if that is the photo named. */
export async function peerPhotoRef(
  ctx: MtContext,
  loc: TlTypes["InputFileLocation"] & { _: "inputPeerPhotoFileLocation" },
): Promise<InputMediaRef> {
  const peer = corePeerOf(ctx, loc.peer);
  // Groups and channels show no photo to Telegram clients yet (chatPhotoEmpty): nothing to read.
  if (peer._ !== "user") throw Errors.badRequest("LOCATION_INVALID");
  const [user] = await core(ctx, "users.getUsers", { ids: [peer.id] });
  const photo = user?.photo;
  if (!photo || tlFileId(photo.media_id) !== BigInt.asIntN(64, loc.photoId))
    throw Errors.badRequest("FILE_REFERENCE_EXPIRED");
  return { media_id: photo.media_id, access_hash: photo.access_hash };
}

export const profilePhotoAdapters: MtAdapterTable<
  "photos.uploadProfilePhoto" | "photos.getUserPhotos" | "photos.deletePhotos"
> = {
  /** An uploaded image becomes the caller's photo (videos and emoji markup have no place here). */
  async "photos.uploadProfilePhoto"(ctx, call) {
    const me = selfId(ctx);
    const file = call.file;
    if (!file || (file._ !== "inputFile" && file._ !== "inputFileBig") || call.bot)
      throw Errors.badRequest("PHOTO_INVALID");
    const uploaded = await core(ctx, "messages.uploadMedia", {
      file_id: BigInt.asUintN(64, file.id).toString(),
      parts: file.parts,
      // Clients upload JPEG profile photos; a PNG is kept as one (the name says so).
      mime_type: /\.png$/i.test(file.name) ? "image/png" : "image/jpeg",
      ...(file.name ? { name: file.name.slice(0, 255) } : {}),
    });
    const { photo } = await core(ctx, "photos.uploadProfilePhoto", {
      media_id: uploaded.media_id,
      access_hash: uploaded.access_hash,
    });
    const [self] = await core(ctx, "users.getUsers", { ids: [me] });
    return {
      _: "photos.photo",
      photo: tlPhoto(ctx.rpc.env, me, uploaded, photo.date),
      users: self ? [tlUser(ctx.rpc.env, me, self)] : [],
    };
  },
  async "photos.getUserPhotos"(ctx, call) {
    const me = selfId(ctx);
    const userId = inputUserId(ctx, call.userId);
    const limit = Math.min(Math.max(call.limit, 1), 100);
    const r = await core(ctx, "photos.getUserPhotos", { user_id: userId, offset: Math.max(call.offset, 0), limit });
    const photos = r.photos.map((p) => tlPhoto(ctx.rpc.env, me, photoRef(p), p.date));
    const users = (await core(ctx, "users.getUsers", { ids: [userId] })).map((u) => tlUser(ctx.rpc.env, me, u));
    if (r.count > photos.length) return { _: "photos.photosSlice", count: r.count, photos, users };
    return { _: "photos.photos", photos, users };
  },
  /** The caller's own photos, named as they were shown (id and file_reference); answers the ids removed. */
  async "photos.deletePhotos"(ctx, call) {
    const named = call.id.flatMap((p) => {
      if (p._ !== "inputPhoto") return [];
      const ref = parseFileReference(p.fileReference, p.id);
      return ref ? [{ id: p.id, mediaId: ref.media_id }] : [];
    });
    if (named.length === 0) return [];
    const removed = new Set(await core(ctx, "photos.deletePhotos", { id: named.map((n) => n.mediaId) }));
    return named.filter((n) => removed.has(n.mediaId)).map((n) => n.id);
  },
};
