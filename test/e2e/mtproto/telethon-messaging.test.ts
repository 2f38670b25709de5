/**
 * Telethon (Debian's python3-telethon 1.25, run as telethon_messaging.py) offline while an Edgegram SDK
 * user sends it 200 messages: it catches up by updates.getDifference in slices with none missing or
 * doubled, answers, reads the history, and its forged access hash is refused.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { describe, expect, inject, it } from "vitest";
import { newPhone, server, signUp } from "../story.ts";
import { hostPort } from "./server-key.ts";

const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const SCRIPT = new URL("./telethon_messaging.py", import.meta.url).pathname;

describe("Telethon messaging", () => {
  it("catches up 200 messages by getDifference slices, none missing or doubled", async () => {
    const srv = server();
    const sender = await signUp(srv, "Sender");
    const senderName = `sender${Date.now().toString(36)}`;
    await sender.client.call("account.updateUsername", { username: senderName });
    const username = `tele${Date.now().toString(36)}`;
    const args = {
      url: srv.url,
      port: hostPort(srv.url).port,
      pem: inject("mtprotoPublicKeyPem"),
      phone: newPhone(),
      username,
      sender_username: senderName,
    };
    const child = spawn(PYTHON, [SCRIPT, JSON.stringify(args)], { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += String(d);
    });
    const lines = createInterface({ input: child.stdout });
    const exited = new Promise<number | null>((r) => child.on("exit", r));
    const sent: string[] = [];
    let result: { texts: string[]; slices: number; newest: string[]; count: number; forged: string } | undefined;
    try {
      for await (const line of lines) {
        if (line.startsWith("OFFLINE ")) {
          const { user } = await sender.client.call("contacts.resolveUsername", { username });
          for (let i = 1; i <= 200; i++) {
            const text = `message ${i}`;
            sent.push(text);
            await sender.client.call("messages.sendMessage", {
              peer: { _: "user", id: user.id },
              message: text,
              random_id: String(1_000_000 + i),
            });
          }
          child.stdin.write("go\n");
        } else if (line.startsWith("{")) result = JSON.parse(line);
      }
      expect(await exited, stderr.slice(-2000)).toBe(0);
    } finally {
      child.kill();
      sender.client.close();
    }
    expect(result?.texts).toEqual(sent);
    expect(result?.slices).toBeGreaterThanOrEqual(3);
    expect(result?.newest).toEqual(["caught up", "message 200", "message 199"]);
    expect(result?.count).toBe(201);
    expect(result?.forged).toMatch(/PEER_ID_INVALID|PeerIdInvalid/);
  }, 240_000);
});
