/** updates.*: state and difference over the caller's pts log and channels' logs; presence (account.updateStatus). */

import type { Message } from "../../protocol/model/message.ts";
import type { Update } from "../../protocol/model/update.ts";
import { DIFFERENCE_TOO_LONG } from "../../protocol/rpc/updates.ts";
import { parseChatKey } from "../chat/keys.ts";
import { logFailure } from "../log.ts";
import { chatObjectOf, userObjectOf } from "../objects.ts";
import { mentioned } from "./chat-refs.ts";
import { type HandlerTable, userIdOf } from "./context.ts";

const messagesIn = (updates: Update[]): Message[] => updates.flatMap((u) => ("message" in u ? [u.message] : []));

export const updatesHandlers: HandlerTable<
  "updates.getState" | "updates.getDifference" | "updates.getChannelDifference" | "account.updateStatus"
> = {
  async "updates.getState"(ctx) {
    return userObjectOf(ctx.env, userIdOf(ctx)).updatesState();
  },
  async "updates.getDifference"(ctx, p) {
    const uid = userIdOf(ctx);
    const d = await userObjectOf(ctx.env, uid).difference(p.pts, p.limit);
    if (d._ === "updates.differenceEmpty" || d._ === "updates.differenceTooLong") return d;
    return { ...d, ...(await mentioned(ctx.env, uid, messagesIn(d.updates))) };
  },
  async "updates.getChannelDifference"(ctx, p) {
    const uid = userIdOf(ctx);
    const key = `channel:${p.channel_id}`;
    const chat = chatObjectOf(ctx.env, key);
    const d = await chat.channelDifference(key, uid, p.pts, p.limit);
    if (d.updates.length === 0)
      return { _: "updates.channelDifferenceEmpty" as const, pts: d.pts, final: true as const };
    if (d.final === false && (d.updates[0] as { pts: number }).pts - p.pts > DIFFERENCE_TOO_LONG)
      return { _: "updates.channelDifferenceTooLong" as const, pts: d.pts, final: true as const };
    return {
      _: "updates.channelDifference" as const,
      updates: d.updates,
      pts: d.pts,
      final: d.final,
      ...(await mentioned(ctx.env, uid, messagesIn(d.updates))),
    };
  },
  async "account.updateStatus"(ctx, p) {
    const uid = userIdOf(ctx);
    const me = userObjectOf(ctx.env, uid);
    await me.setOnline(!p.offline);
    const user = await me.getUser(0);
    // Presence goes to the people the user talks to in private and to their contacts.
    const peers = new Set<number>(await me.contactIds());
    for (const key of await me.dialogKeys("private")) {
      const k = parseChatKey(key);
      peers.add(k.id === uid ? (k.other as number) : k.id);
    }
    peers.delete(uid);
    const update = { _: "updateUserStatus", user_id: uid, status: user.status ?? { _: "empty" } };
    await Promise.all(
      [...peers].map((id) =>
        userObjectOf(ctx.env, id)
          .pushToDevices([update])
          // Statuses are not logged: a peer that misses this one sees the next, or asks users.getUsers.
          .catch((e) => logFailure(`pushing user ${uid}'s status to user ${id}`, e)),
      ),
    );
    return true as const;
  },
};
