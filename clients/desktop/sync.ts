/**
 * Updates without gaps or repeats: pushed updates are checked against the
 * device's pts; a gap, or coming back online, fetches updates.getDifference.
 * (Private chats and groups; channel updates pass through as pushed.)
 */
import type { Chat } from "../../protocol/model/chat.ts";
import { CHANNEL_UPDATES, hasPts, type Update } from "../../protocol/model/update.ts";
import type { User } from "../../protocol/model/user.ts";
import type { EdgegramClient } from "../sdk/client.ts";

export interface Delivered {
  updates: Update[];
  users: User[];
  chats: Chat[];
  /** The server could not replay what was missed: refetch dialogs and history. */
  tooLong?: boolean;
}

export class UpdateStream {
  private readonly client: EdgegramClient;
  private readonly deliver: (d: Delivered) => void;
  private pts = -1;
  private syncing: Promise<void> | null = null;
  private wasOffline = false;

  private readonly onError: (e: unknown) => void;

  constructor(client: EdgegramClient, deliver: (d: Delivered) => void, onError: (e: unknown) => void = () => {}) {
    this.client = client;
    this.deliver = deliver;
    this.onError = onError;
  }

  /** Learns the current pts (also a check that the session is signed in), then listens. */
  async start(): Promise<number> {
    const state = await this.client.call("updates.getState", {});
    this.pts = state.pts;
    this.client.onUpdates((list) => this.onPushed(list as Update[]));
    this.client.onState((s) => {
      if (s === "disconnected") this.wasOffline = true;
      if (s === "connected" && this.wasOffline) {
        this.wasOffline = false;
        // After the SDK has resent what was pending on the new connection, not during it.
        setTimeout(() => void this.sync(), 0);
      }
    });
    return this.pts;
  }

  private onPushed(list: Update[]): void {
    if (this.syncing) {
      // The difference being fetched covers these, or the next sync will.
      void this.syncing.then(() => this.onPushed(list));
      return;
    }
    const fresh: Update[] = [];
    for (const u of list) {
      if (!hasPts(u) || CHANNEL_UPDATES.has(u._)) {
        fresh.push(u);
        continue;
      }
      if (u.pts <= this.pts) continue; // already seen
      if (u.pts - u.pts_count > this.pts) {
        this.deliver({ updates: fresh.splice(0), users: [], chats: [] });
        void this.sync();
        return;
      }
      this.pts = u.pts;
      fresh.push(u);
    }
    if (fresh.length) this.deliver({ updates: fresh, users: [], chats: [] });
  }

  /** Fetches everything after our pts, slice by slice; a failure is reported and retried on the next gap or reconnect. */
  sync(): Promise<void> {
    this.syncing ??= this.fetchDifference()
      .catch(this.onError)
      .finally(() => {
        this.syncing = null;
      });
    return this.syncing;
  }

  private async fetchDifference(): Promise<void> {
    for (;;) {
      const d = await this.client.call("updates.getDifference", { pts: this.pts });
      if (d._ === "updates.differenceEmpty") {
        this.pts = d.state.pts;
        return;
      }
      if (d._ === "updates.differenceTooLong") {
        this.pts = d.state.pts;
        this.deliver({ updates: [], users: [], chats: [], tooLong: true });
        return;
      }
      const updates = d.updates.filter((u) => !hasPts(u) || CHANNEL_UPDATES.has(u._) || u.pts > this.pts);
      this.pts = d._ === "updates.difference" ? d.state.pts : d.intermediate_state.pts;
      this.deliver({ updates, users: d.users, chats: d.chats });
      if (d._ === "updates.difference") return;
    }
  }
}
