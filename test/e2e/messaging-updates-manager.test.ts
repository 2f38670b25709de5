import { describe, expect, it } from "vitest";
import type { EdgegramClient } from "../../clients/sdk/index.ts";
import { MemoryStorage } from "../../clients/sdk/storage.ts";
import { UpdatesManager } from "../../clients/sdk/updates-manager.ts";
import type { Update } from "../../protocol/model/update.ts";

/** A stand-in server: a log of updates, pushes on demand, and getDifference over the log. */
class FakeServer {
  log: Update[] = [];
  channelLog: Update[] = [];
  differenceCalls = 0;
  private pushFn: ((u: unknown[]) => void) | null = null;
  private stateFn: ((s: string) => void) | null = null;

  message(pts: number): Update {
    return {
      _: "updateNewMessage",
      pts,
      pts_count: 1,
      message: { id: pts, peer_id: { _: "user", id: 2 }, date: 0, message: `m${pts}`, from_id: 2 },
    };
  }

  append(n: number): Update[] {
    const added = Array.from({ length: n }, (_, i) => this.message(this.log.length + i + 1));
    this.log.push(...added);
    return added;
  }

  push(updates: Update[]): void {
    this.pushFn?.(updates);
  }

  reconnected(): void {
    this.stateFn?.("connected");
  }

  client(): EdgegramClient {
    return {
      onUpdates: (fn: (u: unknown[]) => void) => {
        this.pushFn = fn;
        return () => {};
      },
      onState: (fn: (s: string) => void) => {
        this.stateFn = fn;
        return () => {};
      },
      call: async (method: string, params: { pts: number; limit?: number; channel_id?: number }) => {
        const pts = this.log.length;
        if (method === "updates.getState") return { pts, date: 0 };
        if (method === "updates.getDifference") {
          this.differenceCalls++;
          if (params.pts >= pts) return { _: "updates.differenceEmpty", state: { pts, date: 0 } };
          const slice = this.log.slice(params.pts, params.pts + 2);
          const last = params.pts + slice.length;
          return last < pts
            ? {
                _: "updates.differenceSlice",
                updates: slice,
                users: [],
                chats: [],
                intermediate_state: { pts: last, date: 0 },
              }
            : { _: "updates.difference", updates: slice, users: [], chats: [], state: { pts, date: 0 } };
        }
        if (method === "updates.getChannelDifference") {
          const updates = this.channelLog.filter((u) => "pts" in u && (u.pts ?? 0) > params.pts);
          const top = this.channelLog.length;
          return updates.length === 0
            ? { _: "updates.channelDifferenceEmpty", pts: top, final: true }
            : { _: "updates.channelDifference", updates, users: [], chats: [], pts: top, final: true };
        }
        throw new Error(`unexpected ${method}`);
      },
    } as unknown as EdgegramClient;
  }
}

const settle = (ms = 60) => new Promise((r) => setTimeout(r, ms));

async function follow(srv: FakeServer, storage = new MemoryStorage()) {
  const mgr = new UpdatesManager(srv.client(), { storage, gapWaitMs: 20 });
  const seen: number[] = [];
  mgr.on("message", (m) => seen.push(m.id));
  await mgr.start();
  return { mgr, seen };
}

describe("UpdatesManager", () => {
  it("applies pushed updates in order, holding early ones until the gap closes", async () => {
    const srv = new FakeServer();
    const { mgr, seen } = await follow(srv);
    const [u1, u2, u3] = srv.append(3) as [Update, Update, Update];
    srv.push([u2]);
    srv.push([u1]);
    srv.push([u3]);
    srv.push([u1, u2]); // duplicates
    await settle();
    expect(seen).toEqual([1, 2, 3]);
    expect(mgr.pts).toBe(3);
    expect(srv.differenceCalls).toBe(1); // the one at start
  });

  it("fills a real gap with getDifference, across slices, without duplicates", async () => {
    const srv = new FakeServer();
    const { mgr, seen } = await follow(srv);
    const added = srv.append(7);
    srv.push([added[6] as Update]); // 1..6 never pushed
    await settle();
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(mgr.pts).toBe(7);
    srv.push([added[6] as Update]);
    await settle();
    expect(seen).toHaveLength(7);
  });

  it("catches up after a reconnect and resumes from saved state after a restart", async () => {
    const srv = new FakeServer();
    const storage = new MemoryStorage();
    const first = await follow(srv, storage);
    srv.append(2);
    srv.reconnected();
    await settle();
    expect(first.seen).toEqual([1, 2]);
    first.mgr.stop();

    srv.append(3); // while the app was closed
    const second = await follow(srv, storage);
    expect(second.seen).toEqual([3, 4, 5]);
  });

  it("follows a channel's own pts and fetches its difference on a gap", async () => {
    const srv = new FakeServer();
    const { mgr, seen } = await follow(srv);
    const post = (pts: number): Update => ({
      _: "updateNewChannelMessage",
      pts,
      pts_count: 1,
      message: { id: 100 + pts, peer_id: { _: "channel", id: 9 }, date: 0, message: `p${pts}`, post: true },
    });
    srv.channelLog = [post(1), post(2), post(3), post(4)];
    srv.push([post(1)]);
    srv.push([post(4)]);
    await settle();
    expect(seen).toEqual([101, 102, 103, 104]);
    expect(mgr.channelPts(9)).toBe(4);
    expect(mgr.pts).toBe(0);
  });
});
