/** `edgegram history <peer>`: the latest messages of a chat, oldest first. */
import { type Command, signedInUser, stringOpt, withClient } from "../command.ts";
import { historyLines, Names } from "../format.ts";
import { usageError } from "../output.ts";
import { resolvePeer } from "../peer.ts";

export const history: Command = {
  name: "history",
  usage: "edgegram history <peer> [--limit <n>] [--before <msg-id>] [--read]",
  summary: "show a chat's latest messages (--read marks them read)",
  options: { limit: { type: "string" }, before: { type: "string" }, read: { type: "boolean" } },
  async run(ctx) {
    const [peerArg] = ctx.args;
    if (!peerArg || ctx.args.length > 1) throw usageError("ARGUMENTS_INVALID", `usage: ${history.usage}`);
    const limit = Number(stringOpt(ctx, "limit") ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw usageError("LIMIT_INVALID", "--limit 1..100");
    const before = Number(stringOpt(ctx, "before") ?? 0);
    if (!Number.isInteger(before) || before < 0) throw usageError("OFFSET_INVALID");
    await withClient(ctx.flags, async ({ client, session }) => {
      const names = new Names();
      names.selfId = (await signedInUser(session)).id;
      const peer = await resolvePeer(client, peerArg);
      const slice = await client.call("messages.getHistory", { peer, limit, offset_id: before });
      names.absorb(slice);
      const messages = [...slice.messages].sort((a, b) => a.id - b.id);
      if (ctx.opts.read && messages.length) {
        await client.call("messages.readHistory", { peer, max_id: messages.at(-1)?.id ?? 0 });
      }
      ctx.out.result({ messages, count: slice.count, users: slice.users, chats: slice.chats }, () =>
        messages.length ? historyLines(messages, names).join("\n") : "No messages.",
      );
    });
  },
};
