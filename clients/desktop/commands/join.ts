/** `edgegram join <link>`: joins a group or channel by its invite link, or asks to when an admin must approve. */
import { RpcError } from "../../../protocol/errors.ts";
import { type Command, withClient } from "../command.ts";
import { usageError } from "../output.ts";

export const join: Command = {
  name: "join",
  usage: "edgegram join <invite link | hash>",
  summary: "join a group or channel by its invite link",
  options: {},
  run: (ctx) =>
    withClient(ctx.flags, async ({ client }) => {
      const link = ctx.args[0];
      if (!link || ctx.args.length > 1)
        throw usageError("give one invite link", "edgegram join https://<host>/+<hash>");
      const invite = await client.call("messages.checkChatInvite", { hash: link });
      if (invite._ === "chatInviteAlready") {
        ctx.out.result({ joined: false, member: true, chat: invite.chat }, () => `already in ${invite.chat.title}`);
        return;
      }
      try {
        const r = await client.call("messages.importChatInvite", { hash: link });
        ctx.out.result(
          { joined: true, chat: r.chat },
          () => `joined ${r.chat.title} (${invite.participants_count + 1} members)`,
        );
      } catch (e) {
        if (!(e instanceof RpcError && e.text === "INVITE_REQUEST_SENT")) throw e;
        ctx.out.result(
          { joined: false, requested: true, title: invite.title },
          () => `asked to join ${invite.title}; an admin approves new members`,
        );
      }
    }),
};
