/** `edgegram chats`: the dialog list, newest first, with unread counts and the last message. */
import { type Command, signedInUser, stringOpt, withClient } from "../command.ts";
import { messageText, Names } from "../format.ts";
import { formatTime, usageError } from "../output.ts";
import { peerRef } from "../peer.ts";

export const chats: Command = {
  name: "chats",
  usage: "edgegram chats [--limit <n>]",
  summary: "list your chats with unread counts and the last message",
  options: { limit: { type: "string" } },
  run: (ctx) =>
    withClient(ctx.flags, async ({ client, session }) => {
      const limit = Number(stringOpt(ctx, "limit") ?? 50);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw usageError("LIMIT_INVALID", "--limit 1..100");
      const names = new Names();
      names.selfId = (await signedInUser(session)).id;
      const res = await client.call("messages.getDialogs", { limit });
      names.absorb(res);
      const rows = res.dialogs.map((d) => {
        const last = res.messages.find(
          (m) => m.id === d.top_message && m.peer_id._ === d.peer._ && m.peer_id.id === d.peer.id,
        );
        return { ...d, ref: peerRef(d.peer), title: names.peer(d.peer), last_message: last ?? null };
      });
      ctx.out.result({ dialogs: rows }, () => {
        if (!rows.length) return "No chats yet. Start one with: edgegram send @username <text>";
        const w = Math.min(24, Math.max(...rows.map((r) => r.title.length)));
        return rows
          .map((r) => {
            const unread = r.unread_count ? `(${r.unread_count})` : "";
            const when = r.last_message ? formatTime(r.last_message.date) : "";
            const text = r.last_message ? messageText(r.last_message, names) : "";
            return `${r.ref.padEnd(12)} ${r.title.slice(0, w).padEnd(w)} ${unread.padStart(5)} ${when.padStart(5)}  ${text.slice(0, 60)}`;
          })
          .join("\n");
      });
    }),
};
