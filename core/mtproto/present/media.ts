/**
 * A message's media as TL's MessageMedia: files as photos and documents (files.ts), polls, dice,
 * places and contacts as themselves.
 */

import { isFileMedia, type MessageMedia } from "../../../protocol/model/message-media.ts";
import type { TlTypes } from "../../../protocol/mtproto/gen/api-types.ts";
import type { AccessHashEnv } from "../access-hash.ts";
import { tlFileMedia } from "./files.ts";
import { tlPollMedia } from "./polls.ts";

export function tlMessageMedia(
  env: AccessHashEnv,
  viewer: number,
  media: MessageMedia,
  date = 0,
): TlTypes["MessageMedia"] {
  if (isFileMedia(media)) return tlFileMedia(env, viewer, media, date);
  switch (media._) {
    case "messageMediaPoll":
      return tlPollMedia(media.poll, media.results);
    case "messageMediaDice":
      return { _: "messageMediaDice", value: media.value, emoticon: media.emoticon };
    case "messageMediaGeo":
      return { _: "messageMediaGeo", geo: tlGeo(media.geo) };
    case "messageMediaVenue":
      return {
        _: "messageMediaVenue",
        geo: tlGeo(media.geo),
        title: media.title,
        address: media.address,
        provider: media.provider ?? "",
        venueId: media.venue_id ?? "",
        venueType: media.venue_type ?? "",
      };
    case "messageMediaContact":
      return {
        _: "messageMediaContact",
        phoneNumber: media.phone_number,
        firstName: media.first_name,
        lastName: media.last_name ?? "",
        vcard: media.vcard ?? "",
        userId: BigInt(media.user_id ?? 0),
      };
    default:
      return { _: "messageMediaEmpty" };
  }
}

const tlGeo = (g: { lat: number; long: number; accuracy_radius?: number }): TlTypes["GeoPoint"] => ({
  _: "geoPoint",
  long: g.long,
  lat: g.lat,
  accessHash: 0n,
  ...(g.accuracy_radius !== undefined ? { accuracyRadius: g.accuracy_radius } : {}),
});
