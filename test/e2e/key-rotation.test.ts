/** The SDK pins several server keys: a client pinning [old, new] gets through a rotation whichever key the server holds. */
import { ed25519 } from "@noble/curves/ed25519.js";
import { describe, expect, it } from "vitest";
import { EdgegramClient, RpcError } from "../../clients/sdk/index.ts";
import { toHex } from "../../protocol/binary.ts";
import { server } from "./story.ts";

const srv = server();
const otherKey = () => toHex(ed25519.getPublicKey(ed25519.utils.randomSecretKey()));

async function connects(serverKey: string | string[]): Promise<string> {
  const client = new EdgegramClient({ server: srv.url, serverKey, autoReconnect: false });
  try {
    await client.connect();
    const config = await client.call("help.getConfig", {});
    return config.dev_mode ? "connected" : "connected (prod)";
  } catch (e) {
    return e instanceof RpcError ? e.message : String(e);
  } finally {
    client.close();
  }
}

describe("pinned server keys", () => {
  it("Should connect when the server's key is any of the pinned ones, and refuse when none is", async () => {
    // The server holds the "old" key (before the rotation) or the "new" one (after): both pin lists work.
    expect(await connects([srv.key, otherKey()])).toBe("connected");
    expect(await connects([otherKey(), srv.key])).toBe("connected");
    expect(await connects(srv.key)).toBe("connected");
    expect(await connects([otherKey(), otherKey()])).toBe("401 SERVER_KEY_MISMATCH");
  });
});
