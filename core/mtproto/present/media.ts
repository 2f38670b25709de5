/**
 * A message's media as TL's MessageMedia. The hook the file presenters fill (photos, documents: the
 * `mt3` branch); until they exist a file shows as messageMediaEmpty; polls and dice throws show as themselves.
 */

import { isFileMedia, type MessageMedia } from "../../../protocol/model/message-media.ts";
import type { TlTypes } from "../../../protocol/mtproto/gen/api-types.ts";
import type { AccessHashEnv } from "../access-hash.ts";
import { tlPollMedia } from "./polls.ts";

export function tlMessageMedia(_env: AccessHashEnv, _viewer: number, media: MessageMedia): TlTypes["MessageMedia"] {
  if (isFileMedia(media)) return { _: "messageMediaEmpty" };
  if (media._ === "messageMediaPoll") return tlPollMedia(media.poll, media.results);
  if (media._ === "messageMediaDice") return { _: "messageMediaDice", value: media.value, emoticon: media.emoticon };
  return { _: "messageMediaEmpty" };
}
