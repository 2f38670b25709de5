/** editMessageLiveLocation and stopMessageLiveLocation, onto messages.editLiveLocation (the rule is the core's). */
import * as v from "valibot";
import { int } from "../../../protocol/bot-api/params.ts";
import type { Params } from "../../../protocol/rpc/index.ts";
import { type BotContext, botMethod } from "../context.ts";
import { badRequest } from "../errors.ts";
import { float, geoPoint } from "./content.ts";
import { EditTarget, editTarget, internalMarkup, Markup, present } from "./messages.ts";

async function editLive(
  ctx: BotContext,
  p: { chat_id?: number | string | undefined; message_id?: number | undefined; inline_message_id?: string | undefined },
  patch: Omit<Params<"messages.editLiveLocation">, "peer" | "id">,
  markup: v.InferOutput<typeof Markup>,
) {
  if (p.inline_message_id !== undefined) throw badRequest("MESSAGE_ID_INVALID");
  const target = await editTarget(ctx, p);
  let sent = await ctx.call("messages.editLiveLocation", { ...target, ...patch });
  const keyboard = internalMarkup(markup);
  if (keyboard) sent = await ctx.call("messages.editMessage", { ...target, reply_markup: keyboard });
  return present(ctx, sent.message);
}

export const liveLocationMethods = {
  editmessagelivelocation: botMethod(
    v.object({
      ...EditTarget,
      latitude: float("latitude"),
      longitude: float("longitude"),
      horizontal_accuracy: v.optional(float("horizontal_accuracy")),
      heading: v.optional(int("heading")),
      proximity_alert_radius: v.optional(int("proximity_alert_radius")),
      reply_markup: Markup,
    }),
    (ctx, p) =>
      editLive(
        ctx,
        p,
        {
          geo_point: geoPoint(p),
          ...(p.heading !== undefined ? { heading: p.heading } : {}),
          ...(p.proximity_alert_radius !== undefined
            ? { proximity_notification_radius: p.proximity_alert_radius }
            : {}),
        },
        p.reply_markup,
      ),
  ),
  stopmessagelivelocation: botMethod(v.object({ ...EditTarget, reply_markup: Markup }), (ctx, p) =>
    editLive(ctx, p, { stop: true }, p.reply_markup),
  ),
};
