/** messages.sendMultiMedia: an album — files sent as messages sharing one grouped_id, all or none (Telegram's names). */
import * as v from "valibot";
import { InputMediaRef } from "../model/media.ts";
import { MAX_CAPTION_LENGTH, Message, MessageEntities, MessageReplyHeader } from "../model/message.ts";
import { Peer } from "../model/peer.ts";
import { Update } from "../model/update.ts";
import { CANNOT_POST, FLOOD_WAIT, MEDIA_REF, method, SEND_FORBIDDEN } from "./define.ts";
import { RandomId } from "./messages.ts";

/** Telegram's album limit. */
export const MAX_ALBUM = 10;

export const InputSingleMedia = v.object({
  media: InputMediaRef,
  /** This item's caption. */
  message: v.optional(v.pipe(v.string(), v.maxLength(MAX_CAPTION_LENGTH, "MEDIA_CAPTION_TOO_LONG")), ""),
  entities: v.optional(MessageEntities),
  random_id: RandomId,
});
export type InputSingleMedia = v.InferOutput<typeof InputSingleMedia>;

export const albumsMethods = {
  "messages.sendMultiMedia": method({
    params: v.object({
      peer: Peer,
      multi_media: v.pipe(
        v.array(InputSingleMedia),
        v.minLength(1, "MEDIA_EMPTY"),
        v.maxLength(MAX_ALBUM, "MULTI_MEDIA_TOO_LONG"),
        v.check((items) => new Set(items.map((i) => i.random_id)).size === items.length, "RANDOM_ID_DUPLICATE"),
      ),
      reply_to: v.optional(MessageReplyHeader),
    }),
    result: v.object({ messages: v.array(Message), updates: v.array(Update) }),
    auth: true,
    errors: [
      ...CANNOT_POST,
      ...SEND_FORBIDDEN,
      ...MEDIA_REF,
      "400 ENTITY_BOUNDS_INVALID",
      "400 GROUPED_MEDIA_INVALID",
      "400 RANDOM_ID_DUPLICATE",
      "400 REPLY_MESSAGE_ID_INVALID",
      FLOOD_WAIT,
    ],
  }),
};

/** Telegram's album rules: photos and videos mix; documents go only with documents, audio only with audio. */
export function albumClassOf(mime: string): "visual" | "document" | "audio" {
  if (mime.startsWith("audio/")) return "audio";
  if ((mime.startsWith("image/") && mime !== "image/gif") || mime.startsWith("video/")) return "visual";
  return "document";
}
