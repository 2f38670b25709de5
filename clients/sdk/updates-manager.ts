/**
 * UpdatesManager: turns the server's pushed updates into an ordered,
 * gap-free, duplicate-free stream. It tracks the user's `pts` and each
 * channel's, applies an update only when it directly follows what was
 * applied, briefly holds early arrivals, and on a real gap (or after a
 * reconnect or restart) fetches exactly what was missed with
 * updates.getDifference / updates.getChannelDifference. State is saved in
 * the client's storage, so a device that restarts resumes where it stopped.
 *
 *   const client = new EdgegramClient({ … });
 *   await client.connect(); // signed in
 *   client.updates.on("message", (m) => show(m));
 *   client.updates.on("update", (u) => apply(u)); // every update, in order
 *   await client.updates.start();
 */
import type { Message } from "../../protocol/model/message.ts";
import { CHANNEL_UPDATES, channelIdOf, hasPts, type Update } from "../../protocol/model/update.ts";
import type { EdgegramClient } from "./client.ts";
import type { KeyValueStorage } from "./storage.ts";

export interface UpdatesEvents {
  /** Every update, once, in sequence order (ephemeral ones such as typing as they come). */
  update: (u: Update) => void;
  /** A new message (private, group or channel), once. */
  message: (m: Message) => void;
  /** Too much was missed to replay: reload dialogs and history (the stream continues from now). */
  tooLong: (scope: { channel_id?: number }) => void;
}

export interface UpdatesManagerOptions {
  /** Where pts is kept between runs (default: nothing kept). */
  storage?: KeyValueStorage;
  /** How long an early update waits for the ones before it before a difference is fetched (ms). */
  gapWaitMs?: number;
}

interface SavedState {
  pts: number;
  channels: Record<string, number>;
}

type PtsUpdate = Extract<Update, { pts: number; pts_count: number }>;
type Listeners = { [K in keyof UpdatesEvents]: Set<UpdatesEvents[K]> };

const STATE_KEY = "updates_state";

export class UpdatesManager {
  private readonly client: EdgegramClient;
  private readonly storage: KeyValueStorage | undefined;
  private readonly gapWaitMs: number;
  private readonly listeners: Listeners = { update: new Set(), message: new Set(), tooLong: new Set() };
  /** Per sequence ("" for the user's own, otherwise the channel id): updates that arrived early. */
  private readonly held = new Map<string, PtsUpdate[]>();
  private readonly gapTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private state: SavedState | null = null;
  private queue: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void)[] = [];

  constructor(client: EdgegramClient, opts: UpdatesManagerOptions = {}) {
    this.client = client;
    this.storage = opts.storage;
    this.gapWaitMs = opts.gapWaitMs ?? 300;
  }

  on<K extends keyof UpdatesEvents>(event: K, fn: UpdatesEvents[K]): () => void {
    this.listeners[event].add(fn);
    return () => this.listeners[event].delete(fn);
  }

  /** The user's pts as applied so far (null before start). */
  get pts(): number | null {
    return this.state?.pts ?? null;
  }

  /** Channel pts as applied so far. */
  channelPts(channelId: number): number | undefined {
    return this.state?.channels[String(channelId)];
  }

  /**
   * Starts following updates (call once signed in). A device that ran before
   * catches up from its saved pts; a new one starts from the server's current state.
   */
  async start(): Promise<void> {
    if (this.unsubscribe.length > 0) return;
    this.unsubscribe.push(
      this.client.onUpdates((updates) => {
        for (const u of updates) this.enqueue(() => this.receive(u as Update));
      }),
      this.client.onState((s) => {
        if (s === "connected") void this.sync();
      }),
    );
    await this.enqueue(async () => {
      const saved = await this.storage?.get(STATE_KEY);
      if (saved) this.state = JSON.parse(saved) as SavedState;
      else {
        const s = await this.client.call("updates.getState", {});
        this.state = { pts: s.pts, channels: {} };
        await this.save();
      }
    });
    await this.sync();
  }

  /** Whether start() was called (and not stopped): the client then feeds it its calls' updates. */
  get running(): boolean {
    return this.unsubscribe.length > 0;
  }

  stop(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    for (const t of this.gapTimers.values()) clearTimeout(t);
    this.gapTimers.clear();
  }

  /** Feeds the updates an RPC result carried (e.g. messages.sendMessage); duplicates are ignored. */
  applyResult(result: { updates?: Update[] }): Promise<void> {
    return this.enqueue(async () => {
      for (const u of result.updates ?? []) await this.receive(u);
    });
  }

  /** Fetches whatever was missed: the user's difference, then each followed channel's. */
  sync(): Promise<void> {
    return this.enqueue(async () => {
      await this.fetchDifference();
      for (const id of Object.keys(this.state?.channels ?? {})) await this.fetchChannelDifference(Number(id));
    });
  }

  // ------------------------------------------------------------ internals

  /** Everything runs one step at a time, so a difference and pushes never interleave. */
  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async receive(u: Update): Promise<void> {
    if (!this.state) return;
    if (u._ === "updateChannelTooLong") return this.fetchChannelDifference(u.channel_id);
    if (!hasPts(u)) return this.emit(u);
    const seqKey = CHANNEL_UPDATES.has(u._) ? String(channelIdOf(u)) : "";
    const local = seqKey === "" ? this.state.pts : this.state.channels[seqKey];
    if (local === undefined) {
      // A channel seen for the first time: follow it from this update on.
      this.state.channels[seqKey] = u.pts;
      this.emit(u);
      return this.save();
    }
    if (u.pts <= local) return; // already applied
    if (u.pts - u.pts_count === local) {
      this.advance(seqKey, u);
      this.drainHeld(seqKey);
      return this.save();
    }
    // Early: hold it; if the gap is still there shortly, fetch the difference.
    const held = this.held.get(seqKey) ?? [];
    held.push(u);
    this.held.set(seqKey, held);
    if (!this.gapTimers.has(seqKey)) {
      this.gapTimers.set(
        seqKey,
        setTimeout(() => {
          this.gapTimers.delete(seqKey);
          void this.enqueue(() =>
            seqKey === "" ? this.fetchDifference() : this.fetchChannelDifference(Number(seqKey)),
          );
        }, this.gapWaitMs),
      );
    }
  }

  private advance(seqKey: string, u: PtsUpdate): void {
    if (!this.state) return;
    if (seqKey === "") this.state.pts = u.pts;
    else this.state.channels[seqKey] = u.pts;
    this.emit(u);
  }

  /** Applies held updates that now follow on; drops those already covered. */
  private drainHeld(seqKey: string): void {
    const held = this.held.get(seqKey);
    if (!held || !this.state) return;
    held.sort((a, b) => a.pts - b.pts);
    for (;;) {
      const local = (seqKey === "" ? this.state.pts : this.state.channels[seqKey]) ?? 0;
      while (held[0] && held[0].pts <= local) held.shift();
      const next = held[0];
      if (!next || next.pts - next.pts_count !== local) break;
      held.shift();
      this.advance(seqKey, next);
    }
    if (held.length === 0) {
      this.held.delete(seqKey);
      clearTimeout(this.gapTimers.get(seqKey));
      this.gapTimers.delete(seqKey);
    }
  }

  private async fetchDifference(): Promise<void> {
    if (!this.state) return;
    for (;;) {
      const d = await this.client.call("updates.getDifference", { pts: this.state.pts });
      if (d._ === "updates.differenceEmpty") break;
      if (d._ === "updates.differenceTooLong") {
        this.state.pts = d.state.pts;
        for (const fn of this.listeners.tooLong) fn({});
        break;
      }
      for (const u of d.updates) if (hasPts(u) && u.pts > this.state.pts) this.advance("", u);
      const next = d._ === "updates.differenceSlice" ? d.intermediate_state : d.state;
      this.state.pts = Math.max(this.state.pts, next.pts);
      if (d._ === "updates.difference") break;
    }
    this.drainHeld("");
    await this.save();
  }

  private async fetchChannelDifference(channelId: number): Promise<void> {
    if (!this.state) return;
    const key = String(channelId);
    for (;;) {
      const from = this.state.channels[key] ?? 0;
      const d = await this.client
        .call("updates.getChannelDifference", { channel_id: channelId, pts: from })
        .catch(() => null); // left or lost access: stop following it
      if (!d) {
        delete this.state.channels[key];
        break;
      }
      if (d._ === "updates.channelDifferenceTooLong") {
        this.state.channels[key] = d.pts;
        for (const fn of this.listeners.tooLong) fn({ channel_id: channelId });
        break;
      }
      if (d._ === "updates.channelDifference")
        for (const u of d.updates) if (hasPts(u) && u.pts > (this.state.channels[key] ?? 0)) this.advance(key, u);
      this.state.channels[key] = Math.max(from, d.pts);
      if (d.final) break;
    }
    this.drainHeld(key);
    await this.save();
  }

  private emit(u: Update): void {
    for (const fn of this.listeners.update) fn(u);
    if (u._ === "updateNewMessage" || u._ === "updateNewChannelMessage")
      for (const fn of this.listeners.message) fn(u.message);
  }

  private async save(): Promise<void> {
    if (this.state) await this.storage?.set(STATE_KEY, JSON.stringify(this.state));
  }
}
