/** `edgegram me`: who this session is signed in as (asks the server, so a revoked session shows). */
import { RpcError } from "../../../protocol/errors.ts";
import { type Command, signedInUser, withClient } from "../command.ts";
import { displayName } from "../output.ts";

export const me: Command = {
  name: "me",
  usage: "edgegram me",
  summary: "show the signed-in account",
  options: {},
  run: (ctx) =>
    withClient(ctx.flags, async ({ client, session }) => {
      const stored = await signedInUser(session);
      const users = await client.call("users.getUsers", { ids: [stored.id] }).catch(async (e: unknown) => {
        if (e instanceof RpcError && e.code === 401) await session.storage.delete("user");
        throw e;
      });
      const user = users[0] ?? stored;
      ctx.out.result({ user }, () =>
        [`${displayName(user)} (id ${user.id})`, user.username ? `@${user.username}` : "", user.phone ?? ""]
          .filter(Boolean)
          .join("  "),
      );
    }),
};
