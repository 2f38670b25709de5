/** messages.editLiveLocation: the sender moves or stops a live location (Telegram: editMessage with inputMediaGeoLive). */
import * as v from "valibot";
import { InputMediaGeoPoint } from "../model/message-media.ts";
import { Peer } from "../model/peer.ts";
import { method, NOT_IN_CHANNEL, NOT_IN_CHAT } from "./define.ts";
import { MsgId, SentMessage } from "./messages.ts";

const Live = InputMediaGeoPoint.entries;

export const liveLocationsMethods = {
  /**
   * Moves a live location (and its heading and alert radius) while its period lasts; `stop` ends it.
   * Afterwards, or for any other message, MESSAGE_EDIT_TIME_EXPIRED.
   */
  "messages.editLiveLocation": method({
    params: v.object({
      peer: Peer,
      id: MsgId,
      geo_point: v.optional(Live.geo_point),
      heading: Live.heading,
      proximity_notification_radius: Live.proximity_notification_radius,
      stop: v.optional(v.boolean(), false),
    }),
    result: SentMessage,
    auth: true,
    errors: [
      NOT_IN_CHAT,
      NOT_IN_CHANNEL,
      "400 MESSAGE_ID_INVALID",
      "403 MESSAGE_AUTHOR_REQUIRED",
      "400 MESSAGE_EDIT_TIME_EXPIRED",
      "400 MESSAGE_NOT_MODIFIED",
    ],
  }),
};
