/** `edgegram logout`: revokes this device's authorization on the server and deletes the local session. */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { RpcError } from "../../../protocol/errors.ts";
import type { Command } from "../command.ts";
import { configDirOf, openClient, Session } from "../config.ts";

export const logout: Command = {
  name: "logout",
  usage: "edgegram logout",
  summary: "sign out this device and forget the local session",
  options: {},
  async run(ctx) {
    const session = new Session(configDirOf(ctx.flags));
    if (await session.storage.get("auth_key")) {
      const { client } = await openClient(ctx.flags);
      try {
        await client.call("auth.logOut", {});
      } catch (e) {
        // Already signed out on the server (revoked elsewhere): only the local files remain.
        if (!(e instanceof RpcError && e.code === 401)) throw e;
      } finally {
        client.close();
      }
    }
    await rm(join(session.dir, "session.json"), { force: true });
    await rm(join(session.dir, "uploads.json"), { force: true });
    ctx.out.result({ logged_out: true }, () => "Signed out.");
  },
};
