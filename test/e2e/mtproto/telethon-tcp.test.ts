/**
 * Telethon, unchanged (its default TCP transport, through the dev TCP relay to /apiws): signs up,
 * keeps a note in its saved messages, writes to an Edgegram SDK user and gets the answer pushed.
 */
import { describe, expect, inject, it } from "vitest";
import { newPhone, server, signUp } from "../story.ts";
import { runPythonScript } from "./python-script.ts";

describe("Telethon over TCP", () => {
  it("signs up, writes to itself and to an SDK user, and gets the answer pushed", async () => {
    const srv = server();
    const sdk = await signUp(srv, "Tcpfriend");
    const sdkName = `tcpfriend${Date.now().toString(36)}`;
    await sdk.client.call("account.updateUsername", { username: sdkName });
    const args = {
      url: srv.url,
      tcp_port: inject("mtprotoTcpPort"),
      pem: inject("mtprotoPublicKeyPem"),
      phone: newPhone(),
      peer_username: sdkName,
    };
    let result: { saved: string[]; pushed: string } | undefined;
    let received: string[] = [];
    try {
      const run = await runPythonScript("telethon_tcp.py", args, async (line) => {
        if (line.startsWith("READY ")) {
          const { id } = JSON.parse(line.slice(6)) as { id: number };
          const h = await sdk.client.call("messages.getHistory", { peer: { _: "user", id }, limit: 5 });
          received = h.messages.map((m) => (m as { message: string }).message);
          await sdk.client.call("messages.sendMessage", {
            peer: { _: "user", id },
            message: "answer over the relay",
            random_id: String(Date.now()),
          });
          return "go";
        }
        if (line.startsWith("{")) result = JSON.parse(line);
        return undefined;
      });
      expect(run.code, run.stderr).toBe(0);
    } finally {
      sdk.client.close();
    }
    expect(result?.saved).toEqual(["note to self"]);
    expect(received).toEqual(["hello over tcp"]);
    expect(result?.pushed).toBe("answer over the relay");
  }, 120_000);
});
