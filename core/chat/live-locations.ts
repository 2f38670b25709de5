/** Live locations' rule: the sender may move one, or stop it, until its period ends (Telegram's live_period). */
import { Errors } from "../../protocol/errors.ts";
import { LIVE_PERIOD_FOREVER, type MessageMedia } from "../../protocol/model/message-media.ts";

/** What a live-location edit may change; `stop` ends it at once. */
export interface LiveLocationPatch {
  geo?: { lat: number; long: number; accuracy_radius?: number | undefined } | undefined;
  heading?: number | undefined;
  proximity_notification_radius?: number | undefined;
  stop?: boolean | undefined;
}

type Geo = Extract<MessageMedia, { _: "messageMediaGeo" }>;

/** The live location sent at `date` (unix seconds) if it may still change at `now`; MESSAGE_EDIT_TIME_EXPIRED otherwise. */
export function requireLive(media: MessageMedia | null, date: number, now: number): Geo {
  if (!media || !("_" in media) || media._ !== "messageMediaGeo" || media.period === undefined)
    throw Errors.badRequest("MESSAGE_EDIT_TIME_EXPIRED");
  if (media.period !== LIVE_PERIOD_FOREVER && date + media.period <= now)
    throw Errors.badRequest("MESSAGE_EDIT_TIME_EXPIRED");
  return media;
}

/** The location after the patch; stopping leaves a static location at the last place. */
export function movedLocation(live: Geo, patch: LiveLocationPatch): Geo {
  const next: Geo = { ...live };
  if (patch.geo) next.geo = patch.geo;
  if (patch.heading !== undefined) next.heading = patch.heading;
  if (patch.proximity_notification_radius !== undefined)
    next.proximity_notification_radius = patch.proximity_notification_radius;
  if (patch.stop) {
    // A stopped location is an ordinary one where it was last: nothing live remains to edit.
    const { period: _p, heading: _h, proximity_notification_radius: _r, ...still } = next;
    return still;
  }
  if (JSON.stringify(next) === JSON.stringify(live)) throw Errors.badRequest("MESSAGE_NOT_MODIFIED");
  return next;
}
