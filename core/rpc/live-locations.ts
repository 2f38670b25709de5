/** messages.editLiveLocation: the chat's object applies the rule (core/chat/live-locations.ts). */
import { chatOf } from "./chat-refs.ts";
import { type HandlerTable, userIdOf } from "./context.ts";

export const liveLocationsHandlers: HandlerTable<"messages.editLiveLocation"> = {
  async "messages.editLiveLocation"(ctx, p) {
    const uid = userIdOf(ctx);
    const { key, chat } = chatOf(ctx.env, uid, p.peer);
    return chat.editLiveLocation(key, uid, p.id, {
      geo: p.geo_point,
      heading: p.heading,
      proximity_notification_radius: p.proximity_notification_radius,
      stop: p.stop,
    });
  },
};
