/** Messaging helpers for end-to-end stories: peers, random ids, and an SDK device's ordered message stream. */
import type { EdgegramClient } from "../../clients/sdk/index.ts";
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

export function send(client: EdgegramClient, peer: Peer, text: string, random_id = randomId()) {
  return client.call("messages.sendMessage", { peer, message: text, random_id });
}
