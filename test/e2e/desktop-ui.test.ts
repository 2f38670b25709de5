/**
 * The full-screen terminal UI in a real pseudo-terminal: Alice signs up in it,
 * opens a chat with Bob (an SDK device), and they talk: messages both ways,
 * Bob's typing shows, read ticks change, and the session survives a restart.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Message } from "../../protocol/model/message.ts";
import type { Update } from "../../protocol/model/update.ts";
import { EDGEGRAM, NODE } from "./desktop-cli.ts";
import { TmuxScreen } from "./desktop-tmux.ts";
import { devCode, newPhone, server, signUp } from "./story.ts";

const srv = server();
const screens: TmuxScreen[] = [];
afterEach(() => {
  for (const s of screens.splice(0)) s.kill();
});

function openUi(configDir: string): TmuxScreen {
  const ui = TmuxScreen.start([NODE, EDGEGRAM, "--config-dir", configDir], {
    EDGEGRAM_SERVER: srv.url,
    EDGEGRAM_SERVER_KEY: srv.key,
  });
  screens.push(ui);
  return ui;
}

/** Resolves when Bob's device sees an update matching `pick`. */
function nextUpdate(bob: Awaited<ReturnType<typeof signUp>>, pick: (u: Update) => boolean): Promise<Update> {
  return new Promise((resolve) => {
    const off = bob.client.updates.on("update", (u) => {
      if (pick(u)) {
        off();
        resolve(u);
      }
    });
  });
}

describe("edgegram interactive UI", { timeout: 300_000 }, () => {
  it("signs up, opens a chat, sends and receives live with typing and read ticks, and keeps the session", async () => {
    const bob = await signUp(srv, "Bob");
    const username = `bobui_${bob.user.id}_${Date.now().toString(36)}`;
    await bob.client.call("account.updateUsername", { username });
    await bob.client.updates.start();

    const configDir = mkdtempSync(join(tmpdir(), "edgegram-ui-"));
    const ui = openUi(configDir);
    await ui.waitFor("Phone number:");
    const phone = newPhone();
    ui.type(phone);
    ui.press("Enter");
    const codeScreen = await ui.waitFor(/the code is \d{6}/);
    const code = await devCode(srv, phone);
    expect(codeScreen).toContain(code);
    ui.type(code);
    ui.press("Enter");
    await ui.waitFor("Your name (new account):");
    ui.type("Alice Term");
    ui.press("Enter");
    await ui.waitFor("No chats yet.");
    expect(ui.screen()).toMatch(/Alice Term \(id \d+\)\s+● online/);

    // n: start a chat by username.
    ui.press("n");
    await ui.waitFor("/open @");
    ui.type(username);
    ui.press("Enter");
    await ui.waitFor("Write a message…");

    // Typing shows on Bob's side before the message is sent.
    const typing = nextUpdate(bob, (u) => u._ === "updateUserTyping");
    const received = nextUpdate(
      bob,
      (u) => u._ === "updateNewMessage" && u.message.message === "Hello from the terminal",
    );
    ui.type("Hello from the terminal");
    expect(await typing).toMatchObject({ action: "sendMessageTypingAction" });
    ui.press("Enter");
    const got = (await received) as Extract<Update, { _: "updateNewMessage" }>;
    const alice = got.message.from_id as number;
    expect(got.message.peer_id).toEqual({ _: "user", id: alice });
    await ui.waitFor(/You: Hello from the terminal ✓(?!✓)/);

    // Bob reads it: the tick turns double.
    await bob.client.call("messages.readHistory", { peer: { _: "user", id: alice } });
    await ui.waitFor("You: Hello from the terminal ✓✓");

    await bob.client.call("messages.setTyping", { peer: { _: "user", id: alice }, action: "sendMessageTypingAction" });
    await ui.waitFor("Bob is typing…");

    const readByAlice = nextUpdate(bob, (u) => u._ === "updateReadHistoryOutbox");
    const reply: Message = (
      await bob.client.call("messages.sendMessage", {
        peer: { _: "user", id: alice },
        message: "Hi Alice, from the SDK",
        random_id: "7001",
      })
    ).message;
    await ui.waitFor("Bob: Hi Alice, from the SDK");
    // The chat is open, so Alice's screen marks Bob's message read.
    expect(await readByAlice).toMatchObject({ max_id: reply.id });
    // A file from disk: /upload sends it with a progress line, and Bob gets it.
    const file = join(configDir, "notes.txt");
    writeFileSync(file, "x".repeat(700 * 1024));
    const fileArrived = nextUpdate(
      bob,
      (u) =>
        u._ === "updateNewMessage" &&
        u.message.media !== undefined &&
        "name" in u.message.media &&
        u.message.media.name === "notes.txt",
    );
    ui.type(`/upload ${file}`);
    ui.press("Enter");
    expect(await fileArrived).toMatchObject({
      message: { media: { size: 700 * 1024, mime_type: expect.any(String) } },
    });
    await ui.waitFor(/You: \[file notes\.txt, 700\.0 KB\]/);

    const screen = ui.save("desktop-chat-screen");
    expect(screen).toMatch(/›?Bob/); // the chat list
    expect(screen).not.toContain("Bob is typing"); // a new message ends the typing indicator

    ui.press("C-c");
    await ui.waitFor("EXITED 0");

    // Started again: still signed in, the chat is in the list.
    const again = openUi(configDir);
    await again.waitFor(/Alice Term \(id \d+\)/);
    await again.waitFor(/›Bob.*\n.*\[file notes\.txt/);
    again.press("Enter");
    await again.waitFor("You: Hello from the terminal ✓✓");
    await again.waitFor("Bob: Hi Alice, from the SDK");
    bob.client.updates.stop();
    bob.client.close();
  });
});
