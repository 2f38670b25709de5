/**
 * The chat screen's command palette: every `/command` the input line accepts, with its help text.
 * An unknown command is refused and never sent; `//text` sends "/text" as a message.
 */
import { writeFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { isFileMedia } from "../../../protocol/model/message-media.ts";
import type { Peer } from "../../../protocol/model/peer.ts";
import { downloadFile } from "../../sdk/upload.ts";
import { expandHome } from "../config.ts";
import { formatTime } from "../output.ts";
import { resolvePeer } from "../peer.ts";
import { react, sendFile } from "./message-actions.ts";
import type { ChatStore } from "./store.ts";

export interface ChatCommand {
  name: string;
  args: string;
  summary: string;
  /** Needs an open chat. */
  inChat?: boolean;
  run(store: ChatStore, args: string, ui: CommandUi): Promise<void>;
}

/** What a command may do to the screen beyond the store. */
export interface CommandUi {
  quit(): void;
  /** Puts text into the input line for the user to finish (e.g. ↑ to edit). */
  prefill(text: string): void;
}

/** The keys of the chat screen, for /help. */
export const KEY_HELP = [
  "Tab            switch between the chat list and the input line",
  "↑/↓  j/k       move in the chat list; Enter opens the chat",
  "PgUp/PgDn      scroll the open chat (older history loads as you go); End: newest",
  "←/→ Home/End   move in the line; Ctrl-A/E line start/end; Alt-B/F or Ctrl-←/→ by word",
  "Backspace/Del  delete a character (a whole emoji); Ctrl-W/Alt-Backspace a word back; Alt-D a word on",
  "Ctrl-U/Ctrl-K  cut to line start/end; Ctrl-Y paste what was cut",
  "Ctrl-J, Alt-Enter  new line in the message; a paste keeps its lines in one message",
  "↑ on an empty line  edit your last message",
  "Esc            close this panel, or go to the chat list",
  "q (in the list) or Ctrl-C  quit",
];

function messageId(text: string | undefined): number {
  const id = Number((text ?? "").replace(/^#/, ""));
  if (!Number.isSafeInteger(id) || id < 1) throw new Error("MESSAGE_ID_INVALID: give a message id, e.g. #12");
  return id;
}

/** Splits "12 rest of text" into the id and the rest. */
function idAndRest(args: string): [number, string] {
  const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(args);
  return [messageId(m?.[1]), m?.[2] ?? ""];
}

async function userIds(store: ChatStore, args: string): Promise<number[]> {
  const ids: number[] = [];
  for (const word of args.split(/\s+/).filter(Boolean)) {
    const peer = await resolvePeer(store.client, word);
    if (peer._ !== "user") throw new Error(`PEER_ID_INVALID: ${word} is not a user`);
    ids.push(peer.id);
  }
  return ids;
}

function openPeer(store: ChatStore): Peer {
  const row = store.openChat;
  if (!row) throw new Error("open a chat first");
  return row.peer;
}

export const CHAT_COMMANDS: ChatCommand[] = [
  {
    name: "help",
    args: "",
    summary: "this list of keys and commands",
    async run(store) {
      store.showPanel("Help — Esc closes", [
        ...KEY_HELP,
        "",
        ...CHAT_COMMANDS.map((c) => `/${`${c.name} ${c.args}`.trim().padEnd(28)} ${c.summary}`),
        "//text                        send a message that starts with /",
      ]);
    },
  },
  {
    name: "open",
    args: "<@user|id|chat:N|channel:N>",
    summary: "open a chat",
    async run(store, args) {
      await store.open(args.trim());
    },
  },
  {
    name: "reply",
    args: "<id> <text>",
    summary: "reply to a message",
    inChat: true,
    async run(store, args) {
      const [id, text] = idAndRest(args);
      await store.send(text, { replyTo: id });
    },
  },
  {
    name: "edit",
    args: "<id> <text>",
    summary: "edit your message (↑ on an empty line starts this for your last one)",
    inChat: true,
    async run(store, args) {
      const [id, text] = idAndRest(args);
      const res = await store.client.call("messages.editMessage", { peer: openPeer(store), id, message: text });
      await store.absorbSent(res);
    },
  },
  {
    name: "delete",
    args: "<id> [all]",
    summary: "delete a message for you, or with `all` for everyone",
    inChat: true,
    async run(store, args) {
      const [id, rest] = idAndRest(args);
      const res = await store.client.call("messages.deleteMessages", {
        peer: openPeer(store),
        id: [id],
        revoke: rest.trim() === "all",
      });
      await store.client.updates.applyResult(res);
      store.forget(openPeer(store), [id]);
    },
  },
  {
    name: "react",
    args: "<id> <emoji>",
    summary: "react to a message; the same emoji again takes it back",
    inChat: true,
    async run(store, args) {
      const [id, emoji] = idAndRest(args);
      if (!emoji.trim()) throw new Error("REACTION_INVALID: give an emoji, e.g. /react 12 👍");
      const mine = store.message(openPeer(store), id)?.reactions?.results.find((r) => r.chosen)?.reaction;
      const reaction = mine === emoji.trim() ? [] : [emoji.trim()];
      await react(store, openPeer(store), id, reaction);
    },
  },
  {
    name: "press",
    args: "<id> <button number>",
    summary: "press a bot's inline button under a message",
    inChat: true,
    async run(store, args) {
      const [id, rest] = idAndRest(args);
      const n = Number(rest.trim());
      const buttons = store.message(openPeer(store), id)?.reply_markup?.rows.flat() ?? [];
      const button = buttons[n - 1];
      if (!button) throw new Error(`BUTTON_INVALID: message #${id} has ${buttons.length} buttons`);
      if (!("callback_data" in button)) {
        store.showPanel("Link", [`${button.text}: ${button.url}`]);
        return;
      }
      store.notify(`Pressed "${button.text}"…`);
      const answer = await store.client.call("messages.getBotCallbackAnswer", {
        peer: openPeer(store),
        msg_id: id,
        data: button.callback_data,
      });
      store.notify(answer.message ? `Bot: ${answer.message}` : `Pressed "${button.text}"`);
    },
  },
  {
    name: "download",
    args: "<id> [path]",
    summary: "save the file of a message",
    inChat: true,
    async run(store, args) {
      const [id, out] = idAndRest(args);
      const media = store.message(openPeer(store), id)?.media;
      if (!media || !isFileMedia(media)) throw new Error(`MESSAGE_HAS_NO_MEDIA: #${id} carries no file`);
      const path = resolve(out.trim() ? expandHome(out.trim()) : basename(media.name ?? `file-${id}`));
      const bytes = await downloadFile(store.client, media, {
        onProgress: (done) =>
          store.setProgress(`Downloading ${basename(path)} ${Math.floor((done / media.size) * 100)}%`),
      });
      await writeFile(path, bytes);
      store.setProgress("");
      store.notify(`Saved ${path}`);
    },
  },
  {
    name: "upload",
    args: "<path>",
    summary: "send a file",
    inChat: true,
    async run(store, args) {
      await sendFile(store, expandHome(args.trim()));
    },
  },
  {
    name: "search",
    args: "<text>",
    summary: "search the open chat (or all chats from the list)",
    async run(store, args) {
      const q = args.trim();
      const peer = store.openChat?.peer;
      const res = await store.client.call("messages.search", { q, limit: 50, ...(peer ? { peer } : {}) });
      store.names.absorb(res);
      store.showPanel(
        `Search "${q}" — ${res.messages.length} found · Esc closes`,
        res.messages.map(
          (m) =>
            `#${m.id} ${formatTime(m.date)} ${peer ? "" : `[${store.names.peer(m.peer_id)}] `}${store.names.user(m.from_id)}: ${m.message.replace(/\n/g, " ⏎ ")}`,
        ),
      );
    },
  },
  {
    name: "group",
    args: "<title> @user…",
    summary: "create a group with these people (and bots)",
    async run(store, args) {
      const [title = "", ...people] = splitTitle(args);
      const res = await store.client.call("messages.createChat", {
        title,
        users: await userIds(store, people.join(" ")),
      });
      await store.client.updates.applyResult(res);
      store.names.absorb({ chats: [res.chat] });
      await store.open(`chat:${res.chat.id}`);
    },
  },
  {
    name: "channel",
    args: "<title> [supergroup]",
    summary: "create a broadcast channel, or a supergroup",
    async run(store, args) {
      const supergroup = /\s+supergroup\s*$/.test(args);
      const title = args
        .replace(/\s+supergroup\s*$/, "")
        .replace(/^"|"$/g, "")
        .trim();
      const res = await store.client.call("channels.createChannel", { title, megagroup: supergroup });
      await store.client.updates.applyResult(res);
      store.names.absorb({ chats: [res.chat] });
      await store.open(`channel:${res.chat.id}`);
    },
  },
  {
    name: "add",
    args: "@user…",
    summary: "add people or bots to the open group or channel",
    inChat: true,
    async run(store, args) {
      const peer = openPeer(store);
      const ids = await userIds(store, args);
      if (peer._ === "chat") {
        for (const user_id of ids) {
          await store.client.updates.applyResult(
            await store.client.call("messages.addChatUser", { chat_id: peer.id, user_id }),
          );
        }
      } else if (peer._ === "channel") {
        await store.client.updates.applyResult(
          await store.client.call("channels.inviteToChannel", { channel_id: peer.id, users: ids }),
        );
      } else throw new Error("PEER_ID_INVALID: open a group or channel first");
      store.notify(`Added ${ids.length}`);
    },
  },
  {
    name: "promote",
    args: "@user",
    summary: "make someone an admin of the open group or channel",
    inChat: true,
    async run(store, args) {
      const peer = openPeer(store);
      const [user_id] = await userIds(store, args);
      if (user_id === undefined) throw new Error("USER_ID_INVALID: name someone, e.g. /promote @bob");
      if (peer._ === "chat")
        await store.client.call("messages.editChatAdmin", { chat_id: peer.id, user_id, is_admin: true });
      else if (peer._ === "channel")
        await store.client.call("channels.editAdmin", { channel_id: peer.id, user_id, is_admin: true });
      else throw new Error("PEER_ID_INVALID: open a group or channel first");
      store.notify(`${store.names.user(user_id)} is an admin now`);
    },
  },
  {
    name: "name",
    args: "<first> [last]",
    summary: "set your name",
    async run(store, args) {
      const [first_name, ...last] = args.trim().split(/\s+/);
      await store.client.call("account.updateProfile", { first_name: first_name ?? "", last_name: last.join(" ") });
      store.notify("Name saved");
    },
  },
  {
    name: "bio",
    args: "<text>",
    summary: "set your bio",
    async run(store, args) {
      await store.client.call("account.updateProfile", { about: args.trim() });
      store.notify("Bio saved");
    },
  },
  {
    name: "username",
    args: "<name>",
    summary: "set your @username (5–32 letters, digits, _; empty removes it)",
    async run(store, args) {
      await store.client.call("account.updateUsername", { username: args.trim().replace(/^@/, "") });
      store.notify(args.trim() ? `You are @${args.trim().replace(/^@/, "")} now` : "Username removed");
    },
  },
  {
    name: "password",
    args: "<current or -> <new or ->",
    summary: "set, change (or with new `-`, remove) the 2FA password; typed masked",
    async run(store, args) {
      const [current, next] = args.trim().split(/\s+/);
      if (!current || !next) throw new Error("usage: /password <current or -> <new or ->");
      await store.client.call("account.updatePasswordSettings", {
        ...(current === "-" ? {} : { current_password: current }),
        new_password: next === "-" ? null : next,
      });
      store.notify(next === "-" ? "Password removed" : "Password set");
    },
  },
  {
    name: "sessions",
    args: "",
    summary: "your signed-in devices (end one with /terminate <hash>)",
    async run(store) {
      const { authorizations } = await store.client.call("account.getAuthorizations", {});
      store.showPanel(
        "Active sessions — Esc closes",
        authorizations.map(
          (a) =>
            `${a.current ? "this device " : a.hash.padEnd(17)} ${a.app_name} on ${a.device_model}, active ${formatTime(a.date_active)}`,
        ),
      );
    },
  },
  {
    name: "terminate",
    args: "<hash>",
    summary: "sign out another device",
    async run(store, args) {
      await store.client.call("account.resetAuthorization", { hash: args.trim() });
      store.notify("Session ended");
    },
  },
  {
    name: "quit",
    args: "",
    summary: "leave the app",
    async run(_store, _args, ui) {
      ui.quit();
    },
  },
];

/** `"My group" @a @b` or `Group @a @b`: a quoted title, or the words before the first @. */
function splitTitle(args: string): string[] {
  const quoted = /^\s*"([^"]+)"\s*(.*)$/.exec(args);
  if (quoted) return [quoted[1] as string, ...(quoted[2] as string).split(/\s+/).filter(Boolean)];
  const words = args.trim().split(/\s+/);
  const at = words.findIndex((w) => w.startsWith("@") || /^\d+$/.test(w));
  return at < 0 ? [words.join(" ")] : [words.slice(0, at).join(" "), ...words.slice(at)];
}

export type ParsedInput =
  | { kind: "message"; text: string }
  | { kind: "command"; command: ChatCommand; args: string }
  | { kind: "unknown"; name: string };

/** What a submitted line is: a message, a known command, or an unknown command to refuse. */
export function parseInput(text: string): ParsedInput {
  if (text.startsWith("//")) return { kind: "message", text: text.slice(1) };
  const m = /^\/([a-z_]+)(?:\s+([\s\S]*))?$/i.exec(text.trim());
  if (!text.startsWith("/") || !m) {
    if (text.startsWith("/")) return { kind: "unknown", name: text.trim().split(/\s/)[0] ?? text };
    return { kind: "message", text };
  }
  const name = (m[1] as string).toLowerCase();
  const command = CHAT_COMMANDS.find((c) => c.name === name);
  return command ? { kind: "command", command, args: m[2] ?? "" } : { kind: "unknown", name: `/${name}` };
}

/** The line as shown while typed: a password's arguments masked. */
export function maskedForDisplay(text: string): string {
  const m = /^(\/password\s+)([\s\S]*)$/.exec(text);
  return m ? `${m[1]}${(m[2] as string).replace(/\S/g, "•")}` : text;
}

/** Runs one submitted line. Failures become the status line; an unknown command is never sent. */
export async function runInput(store: ChatStore, text: string, ui: CommandUi): Promise<void> {
  const parsed = parseInput(text);
  if (parsed.kind === "unknown") {
    store.notify(`Unknown command ${parsed.name}: not sent. /help lists the commands; //text sends "/text".`);
    return;
  }
  if (parsed.kind === "message") {
    if (parsed.text.trim()) await store.send(parsed.text);
    return;
  }
  if (parsed.command.inChat && !store.openChat) {
    store.notify(`/${parsed.command.name} needs an open chat`);
    return;
  }
  await store.attempt(() => parsed.command.run(store, parsed.args, ui));
}
