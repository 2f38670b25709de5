import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EdgegramClient } from "../../clients/sdk/index.ts";
import { startLocalSystem } from "../../scripts/local-system.ts";
import { signUp } from "./story.ts";

const stateDir = mkdtempSync(join(tmpdir(), "edgegram-restart-"));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe("a restarted local system", () => {
  it("keeps both accounts and their auth keys", async () => {
    let sys = await startLocalSystem({ stateDir });
    const alice = await signUp({ url: sys.url, key: sys.serverKey }, "Alice");
    const bob = await signUp({ url: sys.url, key: sys.serverKey }, "Bob");
    const aliceKey = alice.client.authKeyId;
    alice.client.close();
    bob.client.close();
    await sys.stop();

    sys = await startLocalSystem({ stateDir });
    try {
      const again = new EdgegramClient({ server: sys.url, serverKey: sys.serverKey, storage: alice.storage });
      await again.connect();
      expect(again.authKeyId).toBe(aliceKey);
      const { authorizations } = await again.call("account.getAuthorizations", {});
      expect(authorizations.find((a) => a.current)?.hash).toBe(aliceKey);
      const [seenBob] = await again.call("users.getUsers", { ids: [bob.user.id] });
      expect(seenBob?.first_name).toBe("Bob");
      again.close();

      const bobAgain = new EdgegramClient({ server: sys.url, serverKey: sys.serverKey, storage: bob.storage });
      await bobAgain.connect();
      const { user } = await bobAgain.call("users.getFullUser", { id: bob.user.id });
      expect(user).toMatchObject({ first_name: "Bob", self: true });
      bobAgain.close();
    } finally {
      await sys.stop();
    }
  }, 180_000);
});
