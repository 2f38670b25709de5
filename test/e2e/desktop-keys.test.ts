/**
 * The terminal UI as a terminal-chat user drives it, in a real pseudo-terminal (tmux): a typo
 * fixed mid-line, ten pasted lines sent as one message, /help, an unknown command refused and
 * never sent, 500 messages paged back after 200 arrived while the chat was closed, and a group
 * made from the keyboard where a bot's inline button is pressed and a message reacted to,
 * edited and deleted.
 */
import { Bot, InlineKeyboard } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import type { Update } from "../../protocol/model/update.ts";
import type { User } from "../../protocol/model/user.ts";
import { personWithBot } from "./bot-story.ts";
import { EDGEGRAM, NODE, terminalUser } from "./desktop-cli.ts";
import { TmuxScreen } from "./desktop-tmux.ts";
import { newPhone, type Person, server, signUp } from "./story.ts";

const srv = server();
const stops: (() => unknown)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** Alice: an account made with `edgegram login`, then the full-screen UI on her config dir. */
async function aliceInTheTerminal(): Promise<{ ui: TmuxScreen; user: User }> {
  const cli = terminalUser(srv);
  const { user } = await cli.json<{ user: User }>([
    "login",
    "--phone",
    newPhone(),
    "--dev-code",
    "--first-name",
    "Alice",
  ]);
  const ui = TmuxScreen.start([NODE, EDGEGRAM, "--config-dir", cli.configDir], {
    EDGEGRAM_SERVER: srv.url,
    EDGEGRAM_SERVER_KEY: srv.key,
  });
  stops.push(() => ui.kill());
  await ui.waitFor("● online");
  return { ui, user };
}

async function withUsername(person: Person, prefix: string): Promise<string> {
  const username = `${prefix}${Date.now().toString(36)}${person.user.id}`.slice(0, 32);
  await person.client.call("account.updateUsername", { username });
  return username;
}

/** Every update `person` receives, kept in order, to look at afterwards. */
function recorder(person: Person): Update[] {
  const seen: Update[] = [];
  stops.push(person.client.updates.on("update", (u) => seen.push(u)));
  return seen;
}

async function eventually<T>(
  fn: () => T | undefined,
  what: string,
  context: () => unknown = () => "",
  withinMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`never happened: ${what}; ${JSON.stringify(context())}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const texts = (updates: Update[]) =>
  updates.flatMap((u) => (u._ === "updateNewMessage" && !u.message.out ? [u.message.message] : []));

async function openChat(ui: TmuxScreen, username: string): Promise<void> {
  ui.press("Tab");
  ui.type(`/open @${username}`);
  ui.press("Enter");
  await ui.waitFor(/Write a message…|#\d+ \d\d:\d\d/);
}

describe("edgegram UI from the keyboard", { timeout: 300_000 }, () => {
  it("edits a typo mid-line, sends a ten-line paste as one message, shows /help, refuses an unknown /command", async () => {
    const bob = await signUp(srv, "Bob");
    const bobName = await withUsername(bob, "bobk");
    await bob.client.updates.start();
    const got = recorder(bob);
    const { ui } = await aliceInTheTerminal();
    await openChat(ui, bobName);

    ui.type("helo world");
    ui.press("Left", "Left", "Left", "Left", "Left", "Left", "Left");
    ui.type("l");
    ui.press("End");
    ui.type("!");
    ui.press("Enter");
    await eventually(
      () => (texts(got).includes("hello world!") ? true : undefined),
      "Bob gets the fixed line",
      () => [texts(got), ui.screen()],
    );

    const lines = Array.from({ length: 10 }, (_, i) => `pasted line ${i + 1}`);
    ui.paste(lines.join("\n"));
    await ui.waitFor("pasted line 10");
    ui.press("Enter");
    await eventually(() => (texts(got).includes(lines.join("\n")) ? true : undefined), "Bob gets one ten-line message");

    ui.type("/help");
    ui.press("Enter");
    const help = await ui.waitFor("Help — Esc closes");
    expect(help).toContain("Ctrl-J");
    expect(help).toContain("/react");
    ui.save("desktop-help");
    ui.press("Escape");
    await ui.waitFor("Write a message…");
    ui.type("/frobnicate now");
    ui.press("Enter");
    await ui.waitFor("Unknown command /frobnicate: not sent");
    ui.type("after the typo");
    ui.press("Enter");
    await eventually(() => (texts(got).includes("after the typo") ? true : undefined), "the next message");
    // Bob got exactly what was meant for him, once each, in order: no "/frobnicate", nothing cut.
    expect(texts(got)).toEqual(["hello world!", lines.join("\n"), "after the typo"]);
  });

  it("pages back through 500 messages after 200 arrived while the chat was closed", async () => {
    const bob = await signUp(srv, "Bob");
    const carol = await signUp(srv, "Carol");
    const bobName = await withUsername(bob, "bobp");
    const carolName = await withUsername(carol, "carolp");
    const { ui, user } = await aliceInTheTerminal();
    const say = async (from: number, to: number) => {
      for (let i = from; i <= to; i++) {
        await bob.client.call("messages.sendMessage", {
          peer: { _: "user", id: user.id },
          message: `msg-${String(i).padStart(3, "0")}`,
          random_id: String(Date.now() * 1000 + i),
        });
      }
    };
    await say(1, 300);
    await openChat(ui, bobName);
    await ui.waitFor("msg-300");
    // Away to another chat while 200 more arrive.
    ui.type(`/open @${carolName}`);
    ui.press("Enter");
    await ui.waitFor("No messages here yet.");
    await say(301, 500);
    // Alice's screen has heard of all 200 (the chat list shows the last) before she goes back.
    await ui.waitFor("msg-500");
    ui.type(`/open @${bobName}`);
    ui.press("Enter");
    // It opens at the first unread message, under the divider.
    const opened = await ui.waitFor(/unread messages[\s\S]*msg-301/, 120_000);
    expect(opened).not.toMatch(/msg-300\s/);
    ui.save("desktop-unread-divider");
    let screen = "";
    for (let i = 0; i < 80 && !/Bob: msg-001\s/.test(screen); i++) {
      ui.press("PageUp");
      await new Promise((r) => setTimeout(r, 250));
      screen = ui.screen();
    }
    expect(screen).toMatch(/Bob: msg-001\s/);
    expect(screen).not.toContain("PgUp: older");
    // And back down to the newest.
    ui.press("End");
    await ui.waitFor("msg-500");
  });

  it("makes a group with a bot, presses its button, reacts, edits and deletes, all from the keyboard", async () => {
    const owner = await personWithBot(srv, "Dora");
    const bot = new Bot(owner.token, { client: { apiRoot: srv.url } });
    bot.on("my_chat_member", async (ctx) => {
      if (ctx.myChatMember.new_chat_member.status === "member")
        await ctx.reply("Pick one", { reply_markup: new InlineKeyboard().text("Yes", "yes").text("No", "no") });
    });
    bot.callbackQuery(/^(yes|no)$/, (ctx) => ctx.answerCallbackQuery({ text: `You chose ${ctx.match[1]}` }));
    const started = new Promise<void>((resolve) => void bot.start({ onStart: () => resolve() }));
    stops.push(() => bot.stop());
    await started;
    const botName = (await bot.api.getMe()).username;

    const bob = await signUp(srv, "Bob");
    const bobName = await withUsername(bob, "bobg");
    await bob.client.updates.start();
    const got = recorder(bob);
    const { ui } = await aliceInTheTerminal();

    ui.press("Tab");
    ui.type(`/group Team @${bobName} @${botName}`);
    ui.press("Enter");
    const withButtons = await ui.waitFor(/#(\d+) \d\d:\d\d .*Pick one[\s\S]*\[1 Yes\] \[2 No\]/);
    const pickId = /#(\d+) \d\d:\d\d .*Pick one/.exec(withButtons)?.[1];
    ui.save("desktop-group-buttons");

    ui.type(`/press ${pickId} 1`);
    ui.press("Enter");
    await ui.waitFor("Bot: You chose yes");

    ui.type("hello team");
    ui.press("Enter");
    const mine = await ui.waitFor(/#(\d+) \d\d:\d\d You: hello team/);
    const id = Number(/#(\d+) \d\d:\d\d You: hello team/.exec(mine)?.[1]);
    await eventually(() => (texts(got).includes("hello team") ? true : undefined), "Bob gets the group message");

    ui.type(`/react ${id} 👍`);
    ui.press("Enter");
    await eventually(
      () => got.find((u) => u._ === "updateMessageReactions" && u.msg_id === id),
      "Bob sees the reaction",
    );
    await ui.waitFor("[👍 1]");

    ui.type(`/edit ${id} hello team, edited`);
    ui.press("Enter");
    await eventually(
      () => got.find((u) => u._ === "updateEditMessage" && u.message.message === "hello team, edited"),
      "Bob sees the edit",
    );
    await ui.waitFor("hello team, edited (edited)");

    ui.type(`/delete ${id} all`);
    ui.press("Enter");
    await eventually(
      () => got.find((u) => u._ === "updateDeleteMessages" && u.messages.includes(id)),
      "Bob sees the deletion",
    );
    await eventually(() => (ui.screen().includes("hello team, edited") ? undefined : true), "gone from the screen");

    ui.type(`/promote @${bobName}`);
    ui.press("Enter");
    await ui.waitFor("is an admin now");
  });
});
