/**
 * BotFather: the built-in bot users talk to in the messenger to manage their
 * bots (/newbot, /token, /revoke, /setcommands, /setprivacy). It acts through
 * the same RPCs a client would use, as the user who is talking to it, and
 * answers as itself. Its dialog state lives in its BotObject's SQLite.
 */

import { logFailure } from "../core/log.ts";
import { botObjectOf, directoryOf } from "../core/objects.ts";
import { callCore } from "../core/rpc/call.ts";
import { toRpcError } from "../protocol/errors.ts";
import type { Message } from "../protocol/model/message.ts";
import type { Update } from "../protocol/model/update.ts";
import type { User } from "../protocol/model/user.ts";
import { one, run } from "./sql.ts";

export const fatherSchema = [
  "CREATE TABLE IF NOT EXISTS father_dialog (user_id INTEGER PRIMARY KEY, step TEXT NOT NULL, data TEXT NOT NULL)",
];

const HELP = [
  "I can help you create and manage Edgegram bots.",
  "",
  "/newbot - create a new bot",
  "/token - get the token of a bot",
  "/revoke - revoke a bot's token and get a new one",
  "/setcommands - change the list of commands",
  "/setprivacy - toggle privacy mode in groups",
  "/cancel - cancel the current operation",
].join("\n");

interface Dialog {
  step: string;
  data: Record<string, string>;
}

function dialogOf(sql: SqlStorage, userId: number): Dialog | null {
  const row = one<{ step: string; data: string }>(
    sql,
    "SELECT step, data FROM father_dialog WHERE user_id = ?",
    userId,
  );
  return row ? { step: row.step, data: JSON.parse(row.data) as Record<string, string> } : null;
}

function setDialog(sql: SqlStorage, userId: number, d: Dialog | null): void {
  if (!d) run(sql, "DELETE FROM father_dialog WHERE user_id = ?", userId);
  else
    run(
      sql,
      "INSERT OR REPLACE INTO father_dialog (user_id, step, data) VALUES (?, ?, ?)",
      userId,
      d.step,
      JSON.stringify(d.data),
    );
}

let rid = 0;
async function reply(env: Env, fatherId: number, userId: number, text: string): Promise<void> {
  await callCore(env, { kind: "bot", userId: fatherId }, "messages.sendMessage", {
    peer: { _: "user", id: userId },
    message: text,
    random_id: `${Date.now()}${String(++rid % 1000).padStart(3, "0")}`,
  });
}

/** A bot of this user by @username; explains what is wrong otherwise. */
async function ownedBot(env: Env, userId: number, text: string): Promise<{ id: number } | string> {
  const username = text.trim().replace(/^@/, "");
  // An unknown username is an expected refusal (USERNAME_NOT_OCCUPIED): the user is told below.
  const id = await directoryOf(env)
    .resolveUsername(username)
    .catch(() => null);
  if (id === null) return "Invalid bot selected. Send the bot's @username.";
  const owner = await botObjectOf(env, id).ownerId();
  if (owner !== userId) return "Invalid bot selected. You can only manage your own bots.";
  return { id };
}

/** Handles what users send to BotFather. */
export async function fatherHandle(env: Env, sql: SqlStorage, fatherId: number, updates: Update[]): Promise<void> {
  for (const u of updates) {
    if (u._ !== "updateNewMessage" || u.message.out || u.message.peer_id._ !== "user") continue;
    const m: Message = u.message;
    const userId = m.from_id ?? m.peer_id.id;
    try {
      await step(env, sql, fatherId, userId, m.message.trim());
    } catch (e) {
      await reply(env, fatherId, userId, `Sorry, that did not work: ${toRpcError(e).text}.`).catch((cause) =>
        logFailure(`BotFather's reply to user ${userId}`, cause),
      );
    }
  }
}

async function step(env: Env, sql: SqlStorage, fatherId: number, userId: number, text: string): Promise<void> {
  const say = (t: string) => reply(env, fatherId, userId, t);
  const command = /^\/([a-z]+)(?:@\w+)?\s*(.*)$/s.exec(text);
  if (command) {
    const [, name, arg] = command as unknown as [string, string, string];
    setDialog(sql, userId, null);
    switch (name) {
      case "start":
      case "help":
        return say(HELP);
      case "cancel":
        return say("The command was cancelled. Anything else I can do for you?\n\nSend /help for a list of commands.");
      case "newbot":
        setDialog(sql, userId, { step: "newbot:name", data: {} });
        return say("Alright, a new bot. How are we going to call it? Please choose a name for your bot.");
      case "token":
      case "revoke":
      case "setcommands":
      case "setprivacy":
        setDialog(sql, userId, { step: `${name}:bot`, data: {} });
        if (arg) return step(env, sql, fatherId, userId, arg);
        return say("Choose a bot: send its @username.");
      default:
        return say("Unrecognized command. Say what?\n\nSend /help for a list of commands.");
    }
  }
  const d = dialogOf(sql, userId);
  if (!d) return say(HELP);
  if (d.step === "newbot:name") {
    setDialog(sql, userId, { step: "newbot:username", data: { name: text } });
    return say(
      "Good. Now let's choose a username for your bot. It must end in `bot`. Like this, for example: TetrisBot or tetris_bot.",
    );
  }
  if (d.step === "newbot:username") {
    try {
      const created = (
        await callCore(env, { kind: "user", userId }, "bots.createBot", {
          first_name: d.data.name ?? "Bot",
          username: text.replace(/^@/, ""),
        })
      ).result as { user: User; token: string };
      setDialog(sql, userId, null);
      return say(
        `Done! Congratulations on your new bot. You will find it at @${created.user.username}.\n\nUse this token to access the HTTP API:\n${created.token}\nKeep your token secure and store it safely, it can be used by anyone to control your bot.`,
      );
    } catch (e) {
      const why = toRpcError(e).text;
      return say(
        why === "USERNAME_OCCUPIED"
          ? "Sorry, this username is already taken. Please try something different."
          : "Sorry, this username is invalid. It must end in `bot`, 5-32 characters, letters, digits and underscores.",
      );
    }
  }
  const [what] = d.step.split(":");
  if (d.step.endsWith(":bot")) {
    const bot = await ownedBot(env, userId, text);
    if (typeof bot === "string") return say(bot);
    if (what === "token" || what === "revoke") {
      // A bot's token is only stored as a hash: showing it means issuing a new one, as /revoke does.
      const { token } = (await callCore(env, { kind: "user", userId }, "bots.revokeToken", { bot_id: bot.id }))
        .result as {
        token: string;
      };
      setDialog(sql, userId, null);
      return say(
        `${what === "revoke" ? "Your token was replaced with a new one." : "Here is a fresh token; the previous one no longer works."} You can use this token to access the HTTP API:\n${token}`,
      );
    }
    if (what === "setcommands") {
      setDialog(sql, userId, { step: "setcommands:list", data: { bot: String(bot.id) } });
      return say(
        "OK. Send me a list of commands for your bot, one per line:\n\ncommand1 - Description\ncommand2 - Another description",
      );
    }
    if (what === "setprivacy") {
      setDialog(sql, userId, { step: "setprivacy:choice", data: { bot: String(bot.id) } });
      return say(
        "Send Enable to let the bot see only commands and mentions in groups, or Disable to let it see all messages.",
      );
    }
  }
  if (d.step === "setcommands:list") {
    const commands = text
      .split("\n")
      .map((l) => /^\/?([a-z0-9_]{1,32})\s*-\s*(.{1,256})$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ command: m[1] as string, description: (m[2] as string).trim() }));
    if (commands.length === 0) return say("Invalid command list. Use the format: command - Description");
    await botObjectOf(env, Number(d.data.bot)).setCommands("default::", "", commands);
    setDialog(sql, userId, null);
    return say("Success! Command list updated. /help");
  }
  if (d.step === "setprivacy:choice") {
    const enabled = /^enable/i.test(text);
    if (!enabled && !/^disable/i.test(text)) return say("Please send Enable or Disable.");
    await callCore(env, { kind: "user", userId }, "bots.setPrivacy", { bot_id: Number(d.data.bot), enabled });
    setDialog(sql, userId, null);
    return say(`Success! Privacy mode is ${enabled ? "enabled" : "disabled"}.`);
  }
  setDialog(sql, userId, null);
  return say(HELP);
}
