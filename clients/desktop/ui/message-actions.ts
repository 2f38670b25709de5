/** What the chat screen does to messages beyond sending text: files up with a progress line, reactions. */
import { basename, resolve } from "node:path";
import type { Peer } from "../../../protocol/model/peer.ts";
import { uploadPath } from "../../sdk/upload-node.ts";
import { peerRef, randomId } from "../peer.ts";
import type { ChatStore } from "./store.ts";

/** Sends a file from disk into the open chat; the status bar shows its progress while it goes up. */
export async function sendFile(store: ChatStore, path: string): Promise<void> {
  const row = store.openChat;
  if (!row) return;
  const name = basename(path);
  try {
    const media = await uploadPath(store.client, resolve(path), {
      onProgress: (done, total) => {
        const ratio = total ? done / total : 0;
        const bar = `${"█".repeat(Math.round(ratio * 20))}${"░".repeat(20 - Math.round(ratio * 20))}`;
        store.setProgress(`Uploading ${name} [${bar}] ${Math.floor(ratio * 100)}%`);
      },
    });
    const sent = await store.client.call("messages.sendMedia", {
      peer: row.peer,
      media: { media_id: media.media_id, access_hash: media.access_hash },
      random_id: randomId(),
    });
    store.addMessage(sent.message);
    await store.client.updates.applyResult(sent);
  } finally {
    store.setProgress("");
  }
}

/** Sets our reactions on a message (empty takes them back) and marks them ours on screen. */
export async function react(store: ChatStore, peer: Peer, id: number, reaction: string[]): Promise<void> {
  const res = await store.client.call("messages.sendReaction", { peer, msg_id: id, reaction });
  store.myReactions.set(`${peerRef(peer)}/${id}`, reaction);
  await store.client.updates.applyResult(res);
  // The answer's update may have been applied before the choice was known: mark it now.
  const m = store.message(peer, id);
  if (m?.reactions) {
    const results = m.reactions.results.map(({ chosen: _, ...r }) => ({
      ...r,
      ...(reaction.includes(r.reaction) ? { chosen: true } : {}),
    }));
    store.replaceMessage({ ...m, reactions: { results } });
  }
  store.notify("");
}
