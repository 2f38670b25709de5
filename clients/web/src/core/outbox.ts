/**
 * Messages typed and not yet confirmed by the server, per chat, kept across reloads (localStorage).
 * The box is cleared when Enter is pressed, not when a send finishes, so nothing typed meanwhile is
 * lost; messages go out one at a time in the order typed, and each keeps its random id, so a retry
 * after a lost answer cannot make it arrive twice.
 */
import type { MessageEntity } from "../../../../protocol/model/message.ts";
import { RpcError } from "../../../sdk/index.ts";
import { errorText } from "../ui/errors.ts";
import { client } from "./session.ts";
import { app, type PeerKey, peerOf } from "./state.ts";
import { addMessage, applyOwn } from "./updates.ts";

export interface PendingMessage {
  randomId: string;
  peer: PeerKey;
  text: string;
  entities: MessageEntity[];
  replyTo?: number;
  /** Unix seconds when it was typed. */
  date: number;
  /** Why the server refused it; unset while it is on its way. */
  failed?: string;
}

const storageKey = () => `edgegram.outbox.${app.get().self?.id ?? "anon"}`;

function save(outbox: PendingMessage[]): void {
  app.set({ outbox });
  try {
    localStorage.setItem(storageKey(), JSON.stringify(outbox));
  } catch (e) {
    // A full or blocked storage only loses the reload guarantee; the messages are still on their way.
    console.warn("outbox not saved", e);
  }
}

/** What was still unsent when the page closed. */
export function loadOutbox(): void {
  try {
    const raw = localStorage.getItem(storageKey());
    app.set({ outbox: raw ? (JSON.parse(raw) as PendingMessage[]) : [] });
  } catch {
    app.set({ outbox: [] });
  }
}

function randomId(): string {
  const b = crypto.getRandomValues(new Uint8Array(8));
  b[0] = (b[0] as number) & 0x7f;
  return BigInt(`0x${[...b].map((x) => x.toString(16).padStart(2, "0")).join("")}`).toString();
}

export function enqueue(peer: PeerKey, text: string, entities: MessageEntity[], replyTo?: number): void {
  const pending: PendingMessage = { randomId: randomId(), peer, text, entities, date: Math.floor(Date.now() / 1000) };
  if (replyTo) pending.replyTo = replyTo;
  save([...app.get().outbox, pending]);
  void flush();
}

export function retry(id: string): void {
  save(app.get().outbox.map((p) => (p.randomId === id ? { ...p, failed: undefined } : p)));
  void flush();
}

export function discard(id: string): void {
  save(app.get().outbox.filter((p) => p.randomId !== id));
}

let flushing = false;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

/** Offline or failing: try again soon (a reconnect also flushes at once). */
function retryLater(): void {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => void flush(), 2000);
}

/** Sends what is waiting, oldest first; stops while offline (the next connect calls it again). */
export async function flush(): Promise<void> {
  if (flushing) return;
  flushing = true;
  try {
    for (;;) {
      const next = app.get().outbox.find((p) => !p.failed);
      if (!next) return;
      if (client().state !== "connected") return retryLater();
      try {
        const r = await client().call("messages.sendMessage", {
          peer: peerOf(next.peer),
          message: next.text,
          entities: next.entities.length ? next.entities : undefined,
          reply_to: next.replyTo ? { reply_to_msg_id: next.replyTo } : undefined,
          random_id: next.randomId,
        });
        applyOwn(r.updates);
        addMessage(r.message);
        save(app.get().outbox.filter((p) => p.randomId !== next.randomId));
      } catch (e) {
        // Refused (too long, not allowed…): it waits for the user. Anything else: the next connect retries.
        if (!(e instanceof RpcError) || e.code === 420 || e.code >= 500) return retryLater();
        save(app.get().outbox.map((p) => (p === next ? { ...p, failed: errorText(e) } : p)));
      }
    }
  } finally {
    flushing = false;
  }
}
