/**
 * Which incoming messages the user has really seen: the highest one that was on screen in each chat,
 * as the message list's IntersectionObserver reports it. Reading is marked up to there, never past a
 * message scrolled out of view.
 */
import type { PeerKey } from "./state.ts";

const seen = new Map<PeerKey, number>();

/** The highest incoming message id shown on screen in this chat (0: none yet). */
export const seenUpTo = (key: PeerKey): number => seen.get(key) ?? 0;

/** A message came into view; true when it moves the mark. */
export function sawMessage(key: PeerKey, id: number): boolean {
  if (id <= seenUpTo(key)) return false;
  seen.set(key, id);
  return true;
}
