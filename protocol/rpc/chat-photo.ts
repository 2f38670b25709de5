/** A group's or channel's photo (Telegram's messages.editChatPhoto / channels.editPhoto, as one method over a peer). */
import * as v from "valibot";
import { Chat } from "../model/chat.ts";
import { AccessHash, MediaId } from "../model/media.ts";
import { Peer } from "../model/peer.ts";
import { Update } from "../model/update.ts";
import { method, NOT_IN_CHANNEL, NOT_IN_CHAT } from "./define.ts";

export const chatPhotoMethods = {
  /**
   * Sets the chat's photo to an image the caller uploaded (messages.uploadMedia), or removes it
   * (no `photo`); a service message tells the members. Admins who may change the chat's info.
   */
  "messages.editChatPhoto": method({
    params: v.object({ peer: Peer, photo: v.optional(v.object({ media_id: MediaId, access_hash: AccessHash })) }),
    result: v.object({ chat: Chat, updates: v.array(Update) }),
    auth: true,
    errors: [
      NOT_IN_CHAT,
      NOT_IN_CHANNEL,
      "403 CHAT_ADMIN_REQUIRED",
      "400 MEDIA_INVALID",
      "400 PHOTO_INVALID",
      "400 CHAT_NOT_MODIFIED",
      "500 MEDIA_UNAVAILABLE",
    ],
  }),
};
