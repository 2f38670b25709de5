/**
 * `edgegram watch`: streams updates until interrupted, one line (or one JSON
 * object with --json) per update. Reconnects by itself; Ctrl-C ends it.
 */
import type { Update } from "../../../protocol/model/update.ts";
import { type Command, signedInUser } from "../command.ts";
import { openClient } from "../config.ts";
import { messageText, Names, updateLine } from "../format.ts";

export const watch: Command = {
  name: "watch",
  usage: "edgegram watch [--json]",
  summary: "stream incoming messages, edits, reads and typing until Ctrl-C",
  options: {},
  async run(ctx) {
    const { client, session } = await openClient(ctx.flags);
    const names = new Names();
    names.selfId = (await signedInUser(session)).id;
    // One chain, so lines come out in the order updates arrived even when a name must be looked up first.
    let printed = Promise.resolve();
    let lastAlbum: string | undefined;
    // The SDK's updates manager: ordered, no duplicates, gaps and offline time filled by getDifference.
    // Its pts is saved with the session, so a later `watch` first shows what came in meanwhile.
    client.updates.on("update", (u) => {
      printed = printed.then(() => print(u));
    });
    client.updates.on("tooLong", () =>
      status({ too_long: true }, "(missed too much while offline; run `edgegram chats`)"),
    );
    // Also checks the session is signed in (401 otherwise).
    await client.updates.start();
    const pts = client.updates.pts;
    client.onState((s) => {
      if (s === "connected") status({ connection: s }, "(connected)");
      if (s === "disconnected") status({ connection: s }, "(offline, reconnecting…)");
    });
    status({ watching: { pts } }, `Watching for updates (pts ${pts}); Ctrl-C to stop.`);
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    client.updates.stop();
    await printed;
    client.close();

    /** Status for people (or, with --json, for scripts) on stderr; stdout carries only updates. */
    function status(json: unknown, text: string): void {
      process.stderr.write(`${ctx.out.json ? JSON.stringify(json) : text}\n`);
    }

    async function print(u: Update): Promise<void> {
      if ("message" in u && u.message.from_id !== undefined && !names.users.has(u.message.from_id)) {
        names.absorb({ users: await client.call("users.getUsers", { ids: [u.message.from_id] }).catch(() => []) });
      }
      if (ctx.out.json) process.stdout.write(`${JSON.stringify(u)}\n`);
      else {
        // The rest of an album continues its first message's entry instead of starting new ones.
        const grouped = "message" in u && u._.startsWith("updateNew") ? u.message.grouped_id : undefined;
        const line =
          grouped && grouped === lastAlbum && "message" in u
            ? `    + #${u.message.id} ${messageText(u.message, names)}`
            : updateLine(u, names);
        lastAlbum = grouped;
        if (line) process.stdout.write(`${line}\n`);
      }
    }
  },
};
