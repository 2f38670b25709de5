/** updates.*: a device's pts state and the difference it missed; account.updateStatus (presence). */
import * as v from "valibot";
import { Chat } from "../model/chat.ts";
import { Update } from "../model/update.ts";
import { User } from "../model/user.ts";
import { method, NOT_IN_CHANNEL } from "./define.ts";

const Pts = v.pipe(
  v.number(),
  v.integer("PERSISTENT_TIMESTAMP_INVALID"),
  v.minValue(0, "PERSISTENT_TIMESTAMP_INVALID"),
);
const ChannelId = v.pipe(v.number(), v.integer("CHANNEL_INVALID"), v.minValue(1, "CHANNEL_INVALID"));

export const UpdatesState = v.object({ pts: v.number(), date: v.number() });
export type UpdatesState = v.InferOutput<typeof UpdatesState>;

/** Most updates one getDifference answer carries; the rest follow in further slices. */
export const DIFFERENCE_SLICE = 1000;
/** Beyond this many missed updates a device should refetch its dialogs instead. */
export const DIFFERENCE_TOO_LONG = 20_000;

const Difference = {
  /** In pts order, exactly the updates after the requested pts. */
  updates: v.array(Update),
  users: v.array(User),
  chats: v.array(Chat),
};

export const updatesMethods = {
  "updates.getState": method({ params: v.object({}), result: UpdatesState, auth: true }),
  "updates.getDifference": method({
    params: v.object({
      pts: Pts,
      limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(DIFFERENCE_SLICE)), DIFFERENCE_SLICE),
    }),
    result: v.variant("_", [
      v.object({ _: v.literal("updates.differenceEmpty"), state: UpdatesState }),
      /** Everything up to `state`. */
      v.object({ _: v.literal("updates.difference"), ...Difference, state: UpdatesState }),
      /** A bounded part: call again from `intermediate_state.pts`. */
      v.object({ _: v.literal("updates.differenceSlice"), ...Difference, intermediate_state: UpdatesState }),
      /** Too far behind (or the log was trimmed): refetch dialogs and continue from `state`. */
      v.object({ _: v.literal("updates.differenceTooLong"), state: UpdatesState }),
    ]),
    auth: true,
  }),
  "updates.getChannelDifference": method({
    params: v.object({
      channel_id: ChannelId,
      pts: Pts,
      limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(DIFFERENCE_SLICE)), 100),
    }),
    result: v.variant("_", [
      v.object({ _: v.literal("updates.channelDifferenceEmpty"), pts: v.number(), final: v.literal(true) }),
      /** `final` false: call again from `pts`. */
      v.object({ _: v.literal("updates.channelDifference"), ...Difference, pts: v.number(), final: v.boolean() }),
      v.object({ _: v.literal("updates.channelDifferenceTooLong"), pts: v.number(), final: v.literal(true) }),
    ]),
    auth: true,
    errors: [NOT_IN_CHANNEL, "400 CHANNEL_INVALID"],
  }),
  "account.updateStatus": method({
    params: v.object({ offline: v.boolean() }),
    result: v.literal(true),
    auth: true,
  }),
};
