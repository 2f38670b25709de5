import { describe, expect, it } from "vitest";
import { person, pushed, say, userPeer } from "./people.ts";

describe("read receipts in a private chat", () => {
  it("Should tell Alice her older message was read even after she already read Bob's newer one", async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const first = await say(alice, bob, "are you there?");
    await say(bob, alice, "yes!");
    // Alice reads Bob's reply first: the chat's newest message is now read.
    await alice.call("messages.readHistory", { peer: userPeer(bob) });
    await pushed(bob, "updateReadHistoryOutbox");
    // Then Bob reads Alice's earlier message: she must still get her ✓✓.
    await bob.call("messages.readHistory", { peer: userPeer(alice) });
    const receipt = await pushed(alice, "updateReadHistoryOutbox");
    expect(receipt.max_id).toBeGreaterThanOrEqual(first.message.id);
    expect(receipt.peer).toEqual(userPeer(bob));
  });
});
