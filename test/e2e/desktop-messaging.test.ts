/** The terminal client's messaging and file commands, end to end: chats, send, history, watch, upload, download. */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Dialog } from "../../protocol/model/chat.ts";
import type { Message } from "../../protocol/model/message.ts";
import type { User } from "../../protocol/model/user.ts";
import { type TerminalUser, terminalUser } from "./desktop-cli.ts";
import { newPhone, server, signUp } from "./story.ts";

const srv = server();

async function cliSignUp(name: string): Promise<TerminalUser & { user: User }> {
  const person = terminalUser(srv);
  const args = ["login", "--phone", newPhone(), "--dev-code", "--first-name", name];
  const { user } = await person.json<{ user: User }>(args);
  return { ...person, user };
}

/** Bob has an account made elsewhere (SDK) with a username, and signs in on the terminal too. */
async function bobWithUsername() {
  const sdk = await signUp(srv, "Bob");
  const username = `bob_${Date.now().toString(36)}${sdk.user.id}`;
  await sdk.client.call("account.updateUsername", { username });
  const cli = terminalUser(srv);
  await cli.json(["login", "--phone", sdk.phone, "--dev-code"]);
  return { sdk, cli, username };
}

type DialogRow = Dialog & { ref: string; title: string; last_message: Message | null };

describe("edgegram messaging", { timeout: 300_000 }, () => {
  it("sends by @username and by id; the other side lists the chat, reads history, and the unread count clears", async () => {
    const alice = await cliSignUp("Alice");
    const bob = await bobWithUsername();
    const first = await alice.json<{ message: Message }>(["send", `@${bob.username}`, "Hello", "Bob"]);
    expect(first.message).toMatchObject({ message: "Hello Bob", out: true });
    const second = await alice.run(["send", String(bob.sdk.user.id), "second", "--reply-to", String(first.message.id)]);
    expect([second.code, second.stdout.trim()]).toEqual([0, `Sent #${first.message.id + 1}`]);

    const { dialogs } = await bob.cli.json<{ dialogs: DialogRow[] }>(["chats"]);
    const chat = dialogs.find((d) => d.ref === String(alice.user.id));
    expect(chat).toMatchObject({ title: "Alice", unread_count: 2, last_message: { message: "second" } });
    const listed = await bob.cli.run(["chats"]);
    expect(listed.stdout).toMatch(new RegExp(`^${alice.user.id}\\s+Alice\\s+\\(2\\).*second$`, "m"));

    const history = await bob.cli.json<{ messages: Message[] }>(["history", String(alice.user.id), "--read"]);
    expect(history.messages.map((m) => m.message)).toEqual(["Hello Bob", "second"]);
    expect(history.messages[1]?.reply_to?.reply_to_msg_id).toBe(first.message.id);
    const human = await bob.cli.run(["history", String(alice.user.id), "--limit", "1"]);
    expect(human.stdout).toMatch(/^#\d+ \d\d:\d\d Alice: ↩#\d+ second$/m);
    const after = await bob.cli.json<{ dialogs: DialogRow[] }>(["chats"]);
    expect(after.dialogs.find((d) => d.ref === String(alice.user.id))?.unread_count).toBe(0);
  });

  it("addresses groups as chat:<id> for send and history", async () => {
    const bob = await bobWithUsername();
    const alice = await cliSignUp("Alice");
    const { chat } = await bob.sdk.client.call("messages.createChat", {
      title: "Terminal friends",
      users: [alice.user.id],
    });
    const ref = `chat:${chat.id}`;
    const sent = await alice.run(["send", ref, "hi all"]);
    expect(sent.code).toBe(0);
    const { dialogs } = await alice.json<{ dialogs: DialogRow[] }>(["chats"]);
    expect(dialogs.find((d) => d.ref === ref)).toMatchObject({ title: "Terminal friends" });
    const history = await bob.cli.run(["history", ref]);
    expect(history.stdout).toMatch(/Alice: hi all$/m);
    const stranger = await cliSignUp("Mallory");
    const refused = await stranger.run(["send", ref, "let me in"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^\d{3} [A-Z_]+/);
  });

  it("watch streams new messages and read receipts as JSON lines and ends cleanly on Ctrl-C", async () => {
    const alice = await cliSignUp("Alice");
    const bob = await bobWithUsername();
    const watch = alice.spawn(["watch", "--json"]);
    try {
      await watch.stderrIncludes(`"watching"`);
      await bob.sdk.client.call("messages.sendMessage", {
        peer: { _: "user", id: alice.user.id },
        message: "live from Bob",
        random_id: "42",
      });
      const line = await watch.line((l) => l.includes("live from Bob"));
      expect(JSON.parse(line)).toMatchObject({ _: "updateNewMessage", message: { from_id: bob.sdk.user.id } });
      await alice.json(["send", String(bob.sdk.user.id), "got it"]);
      await bob.sdk.client.call("messages.readHistory", { peer: { _: "user", id: alice.user.id } });
      const read = await watch.line((l) => l.includes("updateReadHistoryOutbox"));
      expect(JSON.parse(read)).toMatchObject({ peer: { _: "user", id: bob.sdk.user.id } });
      expect(await watch.stop()).toBe(0);
    } finally {
      watch.child.kill();
    }
  });

  it("uploads a file with progress, resumes after being killed, and the other side downloads the same bytes", async () => {
    const alice = await cliSignUp("Alice");
    const bob = await bobWithUsername();
    const dir = mkdtempSync(join(tmpdir(), "edgegram-files-"));
    const file = join(dir, "holiday.bin");
    const bytes = randomBytes(4 * 1024 * 1024);
    writeFileSync(file, bytes);
    const to = String(bob.sdk.user.id);

    // Interrupted: killed as soon as the first part is stored.
    const first = alice.spawn(["upload", to, file, "--json"]);
    await first.stderrIncludes('"progress"');
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("close", r));

    const resumed = await alice.run(["upload", to, file, "--caption", "holiday", "--json"]);
    expect(resumed.code).toBe(0);
    const resume = resumed.stderr
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .find((e) => e.resume);
    expect(resume.resume.parts_on_server).toBeGreaterThan(0);
    const { message } = JSON.parse(resumed.stdout) as { message: Message };
    expect(message).toMatchObject({ message: "holiday", media: { size: bytes.length, name: "holiday.bin" } });

    const out = join(dir, "received.bin");
    const got = await bob.cli.run(["download", String(alice.user.id), String(message.id), out]);
    expect(got.code).toBe(0);
    expect(got.stderr).toMatch(/100%/);
    expect(readFileSync(out).equals(bytes)).toBe(true);
    const again = await bob.cli.run(["download", String(alice.user.id), String(message.id), out]);
    expect([again.code, again.stderr]).toEqual([1, expect.stringMatching(/^409 FILE_EXISTS/)]);
    const noMedia = await bob.cli.run(["download", String(alice.user.id), "999999", join(dir, "x")]);
    expect(noMedia.code).toBe(1);
    expect(noMedia.stderr).toMatch(/^400 MESSAGE_ID_INVALID/);
  });
});
