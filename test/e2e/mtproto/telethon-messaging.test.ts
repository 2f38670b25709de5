/**
 * Telethon (Debian's python3-telethon 1.25, run as telethon_messaging.py) offline while an Edgegram SDK
 * user sends it 200 messages (in a private chat and a basic group): it catches up by updates.getDifference
 * in slices with none missing or doubled, answers in both, reads both histories, and its forged access
 * hash is refused.
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
    const groupSent: string[] = [];
    let result:
      | { texts: string[]; slices: number; newest: string[]; count: number; group: string[]; forged: string }
      | undefined;
    try {
      for await (const line of lines) {
        if (line.startsWith("OFFLINE ")) {
          const { user } = await sender.client.call("contacts.resolveUsername", { username });
          const { chat } = await sender.client.call("messages.createChat", { title: "While away", users: [user.id] });
          // Every 20th message goes to the group, the rest to the private chat: one pts stream for both.
          for (let i = 1; i <= 200; i++) {
            const inGroup = i % 20 === 0;
            const text = `${inGroup ? "group" : "message"} ${i}`;
            sent.push(text);
            if (inGroup) groupSent.push(text);
            await sender.client.call("messages.sendMessage", {
              peer: inGroup ? { _: "chat", id: chat.id } : { _: "user", id: user.id },
              message: text,
              random_id: String(1_000_000 + i),
            });
          }
          child.stdin.write(`${JSON.stringify({ chat_id: chat.id })}\n`);
        } else if (line.startsWith("{")) result = JSON.parse(line);
      }
      expect(await exited, stderr.slice(-2000)).toBe(0);
    } finally {
      child.kill();
      sender.client.close();
    }
    expect(result?.texts).toEqual(sent);
    expect(result?.slices).toBeGreaterThanOrEqual(3);
    expect(result?.newest).toEqual(["caught up", "message 199", "message 198"]);
    expect(result?.count).toBe(191);
    expect(result?.group).toEqual([...groupSent, "telethon in the group"]);
    expect(result?.forged).toMatch(/PEER_ID_INVALID|PeerIdInvalid/);
  }, 240_000);
});
