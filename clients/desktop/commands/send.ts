/** `edgegram send <peer> <text>`: sends one text message (text may also come from stdin with "-"). */
import { readFileSync } from "node:fs";
import { type Command, stringOpt, withClient } from "../command.ts";
import { usageError } from "../output.ts";
import { randomId, resolvePeer } from "../peer.ts";

export const send: Command = {
  name: "send",
  usage: "edgegram send <peer> <text | -> [--reply-to <msg-id>]",
  summary: "send a text message (peer: @username, user id, chat:<id>, channel:<id>)",
  options: { "reply-to": { type: "string" } },
  async run(ctx) {
    const [peerArg, ...words] = ctx.args;
    if (!peerArg || !words.length) throw usageError("ARGUMENTS_INVALID", `usage: ${send.usage}`);
    const text = words.length === 1 && words[0] === "-" ? readFileSync(0, "utf8") : words.join(" ");
    const replyTo = stringOpt(ctx, "reply-to");
    if (replyTo !== undefined && !/^\d+$/.test(replyTo)) throw usageError("MESSAGE_ID_INVALID");
    await withClient(ctx.flags, async ({ client }) => {
      const peer = await resolvePeer(client, peerArg);
      const { message } = await client.call("messages.sendMessage", {
        peer,
        message: text,
        random_id: randomId(),
        ...(replyTo ? { reply_to: { reply_to_msg_id: Number(replyTo) } } : {}),
      });
      ctx.out.result({ message }, () => `Sent #${message.id}`);
    });
  },
};
