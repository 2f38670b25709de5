import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EdgegramClient } from "../../clients/sdk/index.ts";
import { startLocalSystem } from "../../scripts/local-system.ts";
import { send, userPeer } from "./messaging-story.ts";
import { signUp } from "./story.ts";

const stateDir = mkdtempSync(join(tmpdir(), "edgegram-messaging-restart-"));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe("restarting the local system", () => {
  it("loses no message, membership or pts", async () => {
    let sys = await startLocalSystem({ stateDir });
    const srv = { url: sys.url, key: sys.serverKey };
    const alice = await signUp(srv, "Alice");
    const bob = await signUp(srv, "Bob");
    await send(alice.client, userPeer(bob.user), "before the restart");
    const { chat } = await alice.client.call("messages.createChat", { title: "Survivors", users: [bob.user.id] });
    await send(bob.client, { _: "chat", id: chat.id }, "group message");
    const bobState = await bob.client.call("updates.getState", {});
    alice.client.close();
    bob.client.close();
    await sys.stop();

    sys = await startLocalSystem({ stateDir });
    try {
      const open = async (storage: typeof alice.storage) => {
        const c = new EdgegramClient({ server: sys.url, serverKey: sys.serverKey, storage });
        await c.connect();
        return c;
      };
      const bobAgain = await open(bob.storage);
      expect(await bobAgain.call("updates.getState", {})).toMatchObject({ pts: bobState.pts });
      const history = await bobAgain.call("messages.getHistory", { peer: userPeer(alice.user) });
      expect(history.messages.map((m) => m.message)).toEqual(["before the restart"]);
      const full = await bobAgain.call("messages.getFullChat", { peer: { _: "chat", id: chat.id } });
      expect(full.participants.map((p) => p.user_id).sort()).toEqual([alice.user.id, bob.user.id].sort());
      const dialogs = await bobAgain.call("messages.getDialogs", {});
      expect(dialogs.dialogs.map((d) => d.peer)).toEqual([{ _: "chat", id: chat.id }, userPeer(alice.user)]);

      // The sequence continues where it stopped.
      const aliceAgain = await open(alice.storage);
      await send(aliceAgain, userPeer(bob.user), "after the restart");
      const diff = await bobAgain.call("updates.getDifference", { pts: bobState.pts });
      expect(diff._).toBe("updates.difference");
      if (diff._ === "updates.difference") {
        expect(diff.updates.map((u) => [u._, "pts" in u ? u.pts : 0])).toEqual([
          ["updateNewMessage", bobState.pts + 1],
        ]);
      }
      aliceAgain.close();
      bobAgain.close();
    } finally {
      await sys.stop();
    }
  }, 180_000);
});
