/** Messaging helpers for end-to-end stories: peers, random ids, and an SDK device's ordered message stream. */
import type { EdgegramClient } from "../../clients/sdk/index.ts";
import { RpcError } from "../../protocol/errors.ts";
import type { Message } from "../../protocol/model/message.ts";
import type { Peer } from "../../protocol/model/peer.ts";

let counter = 0;
export const randomId = () => `${Date.now()}${String(++counter).padStart(6, "0")}`;
export const userPeer = (u: { id: number }): Peer => ({ _: "user", id: u.id });

/** Every message a device's UpdatesManager emits, in emission order, with a way to wait for more. */
export class Inbox {
  readonly messages: Message[] = [];
  private waiters: (() => void)[] = [];

  constructor(client: EdgegramClient) {
    client.updates.on("message", (m) => {
      this.messages.push(m);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async of(client: EdgegramClient): Promise<Inbox> {
    const inbox = new Inbox(client);
    await client.updates.start();
    return inbox;
  }

  texts(): string[] {
    return this.messages.map((m) => m.message);
  }

  /** Waits until `n` messages arrived (rejects after `ms`). */
  async waitFor(n: number, ms = 30_000): Promise<Message[]> {
    const deadline = Date.now() + ms;
    while (this.messages.length < n) {
      if (Date.now() > deadline) throw new Error(`only ${this.messages.length} of ${n} messages arrived`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
    return this.messages;
  }
}

/**
 * Sends a text as a Telegram client does: told FLOOD_WAIT_<s>, it waits those seconds and retries with
 * the same random_id (stories that send hundreds of messages at once outrun the sender's flood limit).
 */
export async function send(client: EdgegramClient, peer: Peer, text: string, random_id = randomId()) {
  for (;;) {
    try {
      return await client.call("messages.sendMessage", { peer, message: text, random_id });
    } catch (e) {
      const wait = e instanceof RpcError ? /^FLOOD_WAIT_(\d+)$/.exec(e.text) : null;
      if (!wait) throw e;
      await new Promise((r) => setTimeout(r, Number(wait[1]) * 1000));
    }
  }
}
