/**
 * Many users join a public channel in one ChatObject call: the development route behind scale runs
 * (/dev/channel-members), where 100,000 channels.joinChannel calls one by one would take an hour.
 * Each user meets join's rules (Membership.joinRefusal) and is left as channels.joinChannel leaves
 * them — a member row, the channel's dialog in their UserObject, an updateChannel push to their
 * connected devices, the bots' member events — with the work done per page where it can be: one
 * directory lookup, one transaction, one push through the device registry; one call per UserObject.
 */
import { parseChatKey, peerOf } from "../../core/chat/keys.ts";
import { logFailure } from "../../core/log.ts";
import { directoryOf, userObjectOf } from "../../core/objects.ts";
import { Errors, type RpcError } from "../../protocol/errors.ts";
import { pushToAccounts } from "../member-push.ts";
import type { BotEvents } from "./bot-events.ts";
import type { Membership } from "./members.ts";
import type { ChatScope } from "./scope.ts";
import * as store from "./store.ts";
import type { ChatViews } from "./views.ts";

/** Who joined, and who did not with the error channels.joinChannel would have answered them. */
export interface BulkJoin {
  joined: number[];
  refused: { user_id: number; error: { code: number; message: string } }[];
}

export async function joinMany(
  parts: { scope: ChatScope; members: Membership; views: ChatViews; bots: BotEvents },
  key: string,
  userIds: number[],
): Promise<BulkJoin> {
  const { scope, members, views, bots } = parts;
  const env = scope.env;
  // A device's join comes from an account that exists; here the caller names them, so the directory says.
  const kinds = await directoryOf(env).accountKinds(userIds);
  bots.noteAccounts(kinds);
  const known = new Set(kinds.map((k) => k.id));
  const refused: BulkJoin["refused"] = [];
  const refuse = (uid: number, e: RpcError) => refused.push({ user_id: uid, error: { code: e.code, message: e.text } });
  const fresh = scope.transaction(() => {
    const m = store.meta(scope.sql);
    const admitted: number[] = [];
    for (const uid of userIds) {
      const no = known.has(uid) ? members.joinRefusal(key, m, uid) : Errors.badRequest("USER_ID_INVALID");
      if (no) refuse(uid, no);
      else {
        store.addMember(scope.sql, uid, "member");
        admitted.push(uid);
      }
    }
    return admitted;
  });
  const dialogs = await Promise.allSettled(
    fresh.map((uid) => userObjectOf(env, uid).setChannelDialog(key, peerOf(key, uid), views.channelDialog(uid))),
  );
  // A user whose dialog could not be written is let out again, so nobody is a member without it.
  const failed = fresh.filter((_, i) => dialogs[i]?.status === "rejected");
  if (failed.length > 0) {
    scope.transaction(() => {
      for (const uid of failed) store.removeMember(scope.sql, uid);
    });
    dialogs.forEach((d, i) => {
      if (d.status === "rejected") logFailure(`writing user ${fresh[i]}'s dialog of ${key} (not joined)`, d.reason);
    });
    for (const uid of failed) refuse(uid, Errors.internal());
  }
  const joined = fresh.filter((_, i) => dialogs[i]?.status === "fulfilled");
  const owed = await pushToAccounts(env, joined, [{ _: "updateChannel", channel_id: parseChatKey(key).id }]);
  // The joins stand, as a joinChannel's member row stands when only its push fails; the failure is logged.
  if (owed.length > 0) logFailure(`pushing updateChannel of ${key} to bots ${owed.join(", ")}`, "delivery failed");
  await bots.membersChanged(
    joined[0] ?? 0,
    joined.map((uid) => ({ userId: uid, actor: uid })),
  );
  return { joined, refused };
}
