import { describe, expect, it } from "vitest";
import { EdgegramClient, RpcError } from "../../clients/sdk/index.ts";
import { server, signUp } from "./story.ts";

describe("SDK connection handling", () => {
  it("refuses a server whose key is not the pinned one", async () => {
    const srv = server();
    const client = new EdgegramClient({ server: srv.url, serverKey: "11".repeat(32), autoReconnect: false });
    await expect(client.connect()).rejects.toMatchObject({ code: 401, text: "SERVER_KEY_MISMATCH" });
  });

  it("answers a call whose connection dropped before the answer, after reconnecting", async () => {
    const alice = await signUp(server(), "Alice");
    const pending = alice.client.call("users.getFullUser", { id: alice.user.id });
    alice.client.dropConnection();
    const { user } = await pending;
    expect(user.id).toBe(alice.user.id);
    expect(alice.client.state).toBe("connected");
    alice.client.close();
  });

  it("keeps working across many reconnects with the same auth key", async () => {
    const alice = await signUp(server(), "Alice");
    for (let i = 0; i < 3; i++) {
      alice.client.dropConnection();
      expect((await alice.client.call("help.getConfig", {})).message_length_max).toBe(4096);
    }
    alice.client.close();
  });

  it("receives pushed updates after a reconnect without having to call anything first", async () => {
    const alice = await signUp(server(), "Alice");
    const bob = await signUp(server(), "Bob");
    bob.client.dropConnection();
    await expect.poll(() => bob.client.state, { timeout: 10_000 }).toBe("connected");
    // The server binds a connection to its session at the first frame: the SDK sends one (a ping) itself.
    const pushed: unknown[] = [];
    bob.client.onUpdates((updates) => pushed.push(...updates));
    await alice.client.call("messages.sendMessage", {
      peer: { _: "user", id: bob.user.id },
      message: "after the reconnect",
      random_id: "424242",
    });
    await expect
      .poll(() => pushed, { timeout: 10_000 })
      .toContainEqual(
        expect.objectContaining({
          _: "updateNewMessage",
          message: expect.objectContaining({ message: "after the reconnect" }),
        }),
      );
    alice.client.close();
    bob.client.close();
  });

  it("surfaces server errors as RpcError with Telegram-style text", async () => {
    const alice = await signUp(server(), "Alice");
    const err = await alice.client.call("account.updateUsername", { username: "no" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect(err).toMatchObject({ code: 400, text: "USERNAME_INVALID" });
    alice.client.close();
  });
});
