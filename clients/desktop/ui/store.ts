/**
 * What the chat screen shows, kept live: dialogs, the open chat's messages,
 * who is typing, read marks and the connection. Applies updates in order from
 * the SDK's updates manager (which fills gaps after a reconnect), sends text
 * and files, and tells listeners when something changed.
 */

import type { Message } from "../../../protocol/model/message.ts";
import type { Peer } from "../../../protocol/model/peer.ts";
import type { Update } from "../../../protocol/model/update.ts";
import type { User } from "../../../protocol/model/user.ts";
import type { ConnectionState, EdgegramClient } from "../../sdk/client.ts";
import { actionWord, Names } from "../format.ts";
import { peerRef, resolvePeer } from "../peer.ts";
import { Outbox, type PendingMessage } from "./outbox.ts";

export interface DialogRow {
  peer: Peer;
  key: string;
  unread: number;
  /** Our messages up to this id were read by the other side (✓✓). */
  readOutboxMaxId: number;
  last: Message | null;
}

const TYPING_MS = 6_000;
/** How far back opening a chat reaches to show its first unread message. */
const UNREAD_REACH = 500;
const TYPING_SEND_EVERY_MS = 4_000;
const HISTORY_PAGE = 50;
const PRESENCE_RENEW_MS = 60_000;

export class ChatStore {
  readonly names = new Names();
  readonly self: User;
  dialogs: DialogRow[] = [];
  openKey: string | null = null;
  connection: ConnectionState;
  /** A short line for the status bar: the last error or notice. */
  notice = "";
  /** An upload in progress, for the status bar. */
  progress = "";
  /** A panel over the chat view (help, search results, sessions) until Esc. */
  panel: { title: string; lines: string[] } | null = null;
  /** Per chat: the first message that was unread when the chat was opened (the divider goes above it). */
  readonly firstUnread = new Map<string, number>();
  /** Messages typed here and not yet confirmed by the server. */
  readonly outbox = new Outbox();
  /** Our reactions per "peer/id" where we set them here (pushed reaction counts do not say). */
  readonly myReactions = new Map<string, string[]>();
  readonly client: EdgegramClient;
  private readonly messages = new Map<string, Message[]>();
  private readonly typing = new Map<string, { text: string; until: number }>();
  private readonly listeners = new Set<() => void>();
  private lastTypingSent = 0;
  private readonly exhausted = new Set<string>();
  private loadingOlder = false;
  private presenceTimer: ReturnType<typeof setInterval> | undefined;

  constructor(client: EdgegramClient, self: User) {
    this.client = client;
    this.self = self;
    this.names.selfId = self.id;
    this.names.absorb({ users: [self] });
    this.connection = client.state;
    client.updates.on("update", (u) => {
      this.apply(u);
      this.changed();
    });
    client.updates.on("tooLong", () => void this.refresh());
    client.onState((s) => {
      this.connection = s;
      this.changed();
    });
    // Typing indicators expire on their own.
    setInterval(() => {
      const now = Date.now();
      let expired = false;
      for (const [k, t] of this.typing) if (t.until < now) expired = this.typing.delete(k) || expired;
      if (expired) this.changed();
    }, 1000).unref();
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(): void {
    for (const fn of this.listeners) fn();
  }

  /** Loads the dialogs; failures show in the status bar rather than ending the screen. */
  async start(): Promise<void> {
    await this.guard(async () => {
      await this.client.updates.start();
      await this.load();
      await this.setOnline(true);
    });
  }

  /** Presence: online while the screen is open (renewed, as the server lets it expire), offline on quit. */
  async setOnline(online: boolean): Promise<void> {
    clearInterval(this.presenceTimer);
    await this.client.call("account.updateStatus", { offline: !online }).catch(() => undefined);
    if (online) this.presenceTimer = setInterval(() => void this.setOnline(true), PRESENCE_RENEW_MS);
  }

  async refresh(): Promise<void> {
    await this.guard(() => this.load());
  }

  private async load(): Promise<void> {
    const res = await this.client.call("messages.getDialogs", { limit: 100 });
    this.names.absorb(res);
    this.dialogs = res.dialogs.map((d) => ({
      peer: d.peer,
      key: peerRef(d.peer),
      unread: d.unread_count,
      readOutboxMaxId: d.read_outbox_max_id,
      last: res.messages.find((m) => m.id === d.top_message && peerRef(m.peer_id) === peerRef(d.peer)) ?? null,
    }));
    if (this.openKey) await this.loadHistory(this.openDialog()?.peer);
  }

  get openChat(): DialogRow | undefined {
    return this.openDialog();
  }

  private openDialog(): DialogRow | undefined {
    return this.dialogs.find((d) => d.key === this.openKey);
  }

  messagesOf(key: string): Message[] {
    return this.messages.get(key) ?? [];
  }

  typingIn(key: string): string | null {
    return this.typing.get(key)?.text ?? null;
  }

  title(row: DialogRow): string {
    return this.names.peer(row.peer);
  }

  /** Opens a chat by row or by what the user typed (@username, id, chat:<id>); marks it read. */
  async open(target: DialogRow | string): Promise<void> {
    await this.guard(async () => {
      const peer = typeof target === "string" ? await resolvePeer(this.client, target) : target.peer;
      if (peer._ === "user" && !this.names.users.has(peer.id)) {
        this.names.absorb({ users: await this.client.call("users.getUsers", { ids: [peer.id] }) });
      }
      const row = this.rowFor(peer);
      this.openKey = row.key;
      this.panel = null;
      const unread = row.unread;
      this.changed();
      await this.loadHistory(peer);
      await this.reachUnread(row, unread);
      await this.markRead(row);
    });
  }

  private rowFor(peer: Peer): DialogRow {
    const key = peerRef(peer);
    let row = this.dialogs.find((d) => d.key === key);
    if (!row) {
      row = { peer, key, unread: 0, readOutboxMaxId: 0, last: null };
      this.dialogs.unshift(row);
    }
    return row;
  }

  private async loadHistory(peer: Peer | undefined): Promise<void> {
    if (!peer) return;
    const slice = await this.client.call("messages.getHistory", { peer, limit: HISTORY_PAGE });
    this.names.absorb(slice);
    const key = peerRef(peer);
    // The chat may have grown since it was last found complete: only this page says whether more is older.
    if (slice.messages.length < HISTORY_PAGE) this.exhausted.add(key);
    else this.exhausted.delete(key);
    this.messages.set(
      key,
      [...slice.messages].sort((a, b) => a.id - b.id),
    );
    this.changed();
  }

  /** Scrolling up: the page of messages before the oldest one loaded (until the chat's start). */
  async loadOlder(key: string): Promise<void> {
    const row = this.dialogs.find((d) => d.key === key);
    const list = this.messagesOf(key);
    if (!row || !list[0] || this.exhausted.has(key) || this.loadingOlder) return;
    this.loadingOlder = true;
    await this.guard(async () => {
      const slice = await this.client.call("messages.getHistory", {
        peer: row.peer,
        offset_id: list[0]?.id ?? 0,
        limit: HISTORY_PAGE,
      });
      this.names.absorb(slice);
      if (slice.messages.length < HISTORY_PAGE) this.exhausted.add(key);
      const known = new Set(list.map((m) => m.id));
      const older = slice.messages.filter((m) => !known.has(m.id));
      this.messages.set(
        key,
        [...older, ...list].sort((a, b) => a.id - b.id),
      );
    });
    this.loadingOlder = false;
  }

  /** Loads older pages until the first of `unread` incoming messages is in view (bounded), and remembers it. */
  private async reachUnread(row: DialogRow, unread: number): Promise<void> {
    this.firstUnread.delete(row.key);
    if (unread <= 0) return;
    const incoming = () => this.messagesOf(row.key).filter((m) => !m.out && !m.action);
    while (
      incoming().length < unread &&
      !this.exhausted.has(row.key) &&
      this.messagesOf(row.key).length < UNREAD_REACH
    ) {
      const before = this.messagesOf(row.key).length;
      await this.loadOlder(row.key);
      if (this.messagesOf(row.key).length === before) break;
    }
    const first = incoming().at(-Math.min(unread, incoming().length));
    if (first) this.firstUnread.set(row.key, first.id);
  }

  /** Whether the whole chat, back to its first message, is loaded. */
  atStart(key: string): boolean {
    return this.exhausted.has(key);
  }

  private async markRead(row: DialogRow): Promise<void> {
    const last = this.messagesOf(row.key).at(-1);
    if (!row.unread || !last) return;
    row.unread = 0;
    this.changed();
    await this.client.call("messages.readHistory", { peer: row.peer, max_id: last.id });
  }

  /**
   * Sends text to the open chat. It shows at once as "sending…" and stays until the server has it:
   * the SDK waits for the connection, and the random id makes a retry after a failure land once.
   */
  async send(text: string, opts: { replyTo?: number } = {}): Promise<void> {
    const row = this.openDialog();
    if (!row || !text.trim()) return;
    const pending = this.outbox.add(row.key, text, opts.replyTo);
    this.changed();
    await this.deliver(row, pending);
  }

  /** Sends the chat's failed messages again, in order. */
  async retry(): Promise<void> {
    const row = this.openDialog();
    if (!row) return;
    for (const p of this.outbox.of(row.key)) {
      if (!p.failed) continue;
      p.failed = undefined;
      this.changed();
      await this.deliver(row, p);
    }
  }

  private async deliver(row: DialogRow, pending: PendingMessage): Promise<void> {
    try {
      const sent = await this.client.call("messages.sendMessage", {
        peer: row.peer,
        message: pending.text,
        random_id: pending.randomId,
        ...(pending.replyTo ? { reply_to: { reply_to_msg_id: pending.replyTo } } : {}),
      });
      this.outbox.remove(row.key, pending);
      this.addMessage(sent.message);
      await this.client.updates.applyResult(sent);
      this.lastTypingSent = 0;
      this.notice = "";
    } catch (e) {
      pending.failed = e instanceof Error ? e.message : String(e);
      this.notice = `Not sent: ${pending.failed}. /retry sends it again.`;
    } finally {
      this.changed();
    }
  }

  pendingIn(key: string): PendingMessage[] {
    return this.outbox.of(key);
  }

  message(peer: Peer, id: number): Message | undefined {
    return this.messagesOf(peerRef(peer)).find((m) => m.id === id);
  }

  /** Takes messages out of view at once (the server's update may follow). */
  forget(peer: Peer, ids: number[]): void {
    const key = peerRef(peer);
    this.messages.set(
      key,
      this.messagesOf(key).filter((m) => !ids.includes(m.id)),
    );
    this.changed();
  }

  /** An edit's or send's answer: the message replaced in view, its updates applied in order. */
  async absorbSent(res: { message: Message; updates?: Update[] }): Promise<void> {
    this.replaceMessage(res.message);
    await this.client.updates.applyResult(res);
    this.changed();
  }

  showPanel(title: string, lines: string[]): void {
    this.panel = { title, lines };
    this.changed();
  }

  closePanel(): boolean {
    if (!this.panel) return false;
    this.panel = null;
    this.changed();
    return true;
  }

  notify(text: string): void {
    this.notice = text;
    this.changed();
  }

  setProgress(text: string): void {
    this.progress = text;
    this.changed();
  }

  /** Runs a user's command; its failure becomes the status line. */
  async attempt(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      this.notice = e instanceof Error ? e.message : String(e);
    } finally {
      this.changed();
    }
  }

  /** Puts a newer copy of a message in place of the one shown. */
  replaceMessage(m: Message): void {
    const list = this.messagesOf(peerRef(m.peer_id));
    const i = list.findIndex((x) => x.id === m.id);
    if (i >= 0) list[i] = m;
  }

  /** Called on each keystroke in the input; tells the other side at most every few seconds. */
  typed(): void {
    const row = this.openDialog();
    if (!row || Date.now() - this.lastTypingSent < TYPING_SEND_EVERY_MS) return;
    this.lastTypingSent = Date.now();
    this.client
      .call("messages.setTyping", { peer: row.peer, action: "sendMessageTypingAction" })
      .catch(() => undefined);
  }

  /** Shows a message (ours just sent, or one pushed) and moves its chat to the top. */
  addMessage(m: Message): void {
    const key = peerRef(m.peer_id);
    const list = this.messages.get(key);
    if (list && !list.some((x) => x.id === m.id)) {
      list.push(m);
      list.sort((a, b) => a.id - b.id);
    }
    const row = this.rowFor(m.peer_id);
    if (!row.last || row.last.id <= m.id) row.last = m;
    this.dialogs = [row, ...this.dialogs.filter((d) => d !== row)];
  }

  private apply(u: Update): void {
    switch (u._) {
      case "updateNewMessage":
      case "updateNewChannelMessage": {
        const m = u.message;
        const key = peerRef(m.peer_id);
        const known = this.messagesOf(key).some((x) => x.id === m.id);
        this.addMessage(m);
        this.typing.delete(key);
        if (m.from_id !== undefined && !this.names.users.has(m.from_id)) void this.learnUser(m.from_id);
        if (!m.out && !known) {
          const row = this.rowFor(m.peer_id);
          row.unread++;
          if (this.openKey === key) void this.guard(() => this.markRead(row));
        }
        return;
      }
      case "updateEditMessage":
      case "updateEditChannelMessage":
        this.replaceMessage(u.message);
        return;
      case "updateDeleteMessages": {
        const key = peerRef(u.peer);
        this.messages.set(
          key,
          this.messagesOf(key).filter((m) => !u.messages.includes(m.id)),
        );
        return;
      }
      case "updateDeleteChannelMessages":
        this.forget({ _: "channel", id: u.channel_id }, u.messages);
        return;
      case "updateMessageReactions": {
        // The pushed counts are the same for every member; which ones are ours we know from before.
        const m = this.message(u.peer, u.msg_id);
        if (!m) return;
        const mine = this.myReactions.get(`${peerRef(u.peer)}/${u.msg_id}`) ?? chosenOf(m);
        const results = u.reactions.results.map(({ chosen: _, ...r }) => ({
          ...r,
          ...(mine.includes(r.reaction) ? { chosen: true } : {}),
        }));
        this.replaceMessage({ ...m, reactions: { results } });
        return;
      }
      case "updateChat":
        this.names.absorb({ chats: [u.chat] });
        return;
      case "updateReadHistoryOutbox": {
        const row = this.rowFor(u.peer);
        row.readOutboxMaxId = Math.max(row.readOutboxMaxId, u.max_id);
        return;
      }
      case "updateReadHistoryInbox": {
        const row = this.rowFor(u.peer);
        row.unread = u.still_unread_count;
        return;
      }
      case "updateUserTyping":
        this.setTyping(
          peerRef({ _: "user", id: u.user_id }),
          `${this.names.user(u.user_id)} ${actionWord(u.action)}…`,
          u.action,
        );
        return;
      case "updateChatUserTyping":
        this.setTyping(peerRef(u.peer), `${this.names.user(u.from_id)} ${actionWord(u.action)}…`, u.action);
        return;
      case "updateUserStatus": {
        const user = this.names.users.get(u.user_id);
        if (user) this.names.absorb({ users: [{ ...user, status: u.status }] });
        return;
      }
      default:
        return;
    }
  }

  private setTyping(key: string, text: string, action: string): void {
    if (action === "sendMessageCancelAction") this.typing.delete(key);
    else this.typing.set(key, { text, until: Date.now() + TYPING_MS });
  }

  private async learnUser(id: number): Promise<void> {
    await this.guard(async () => {
      this.names.absorb({ users: await this.client.call("users.getUsers", { ids: [id] }) });
    });
  }

  /** Errors become the status line instead of crashing the screen. */
  private async guard(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
      this.notice = "";
    } catch (e) {
      this.notice = e instanceof Error ? e.message : String(e);
    } finally {
      this.changed();
    }
  }
}

function chosenOf(m: Message): string[] {
  return (m.reactions?.results ?? []).filter((r) => r.chosen).map((r) => r.reaction);
}
