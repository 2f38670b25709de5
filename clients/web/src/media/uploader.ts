/** Sends files to a chat: each shows as an upload bubble with progress and cancel, then becomes a message. */
import type { AudioAttribute } from "../../../../protocol/model/media.ts";
import { randomId } from "../core/chats.ts";
import { client } from "../core/session.ts";
import { app, peerOf, showToast, type Upload } from "../core/state.ts";
import { addMessage, applyOwn } from "../core/updates.ts";
import { errorText } from "../ui/errors.ts";
import { seedCache, uploadFile } from "./transfer.ts";

function patch(id: string, p: Partial<Upload>): void {
  app.set((s) => ({ uploads: s.uploads.map((u) => (u.id === id ? { ...u, ...p } : u)) }));
}

function remove(id: string): void {
  app.set((s) => ({ uploads: s.uploads.filter((u) => u.id !== id) }));
}

/** Each file its own message; a caption goes with the first. */
export function sendFiles(peerKey: string, files: File[], caption = ""): void {
  files.forEach((f, i) => void sendFile(peerKey, f, i === 0 ? caption : ""));
}

/** One file as a message; `audio` describes a voice note or track (Telegram's audio attribute). */
export async function sendFile(peerKey: string, file: File, caption: string, audio?: AudioAttribute): Promise<void> {
  const id = randomId();
  const abort = new AbortController();
  const previewUrl = file.type.startsWith("image/") ? URL.createObjectURL(file) : undefined;
  const upload: Upload = {
    id,
    peer: peerKey,
    name: file.name,
    size: file.size,
    sent: 0,
    previewUrl,
    cancel: () => {
      abort.abort();
      remove(id);
    },
  };
  app.set((s) => ({ uploads: [...s.uploads, upload] }));
  try {
    const media = await uploadFile(file, { signal: abort.signal, onProgress: (sent) => patch(id, { sent }) });
    if (previewUrl) seedCache(media, previewUrl);
    // Our own recording plays from memory, not downloaded back.
    if (audio) seedCache(media, URL.createObjectURL(file));
    const r = await client().call("messages.sendMedia", {
      peer: peerOf(peerKey),
      media: { media_id: media.media_id, access_hash: media.access_hash, ...(audio ? { audio } : {}) },
      message: caption,
      random_id: id,
    });
    remove(id);
    applyOwn(r.updates);
    addMessage(r.message);
  } catch (e) {
    if (abort.signal.aborted) return;
    remove(id);
    showToast(`Couldn't send ${file.name}: ${errorText(e)}`);
  }
}
