/**
 * Inline messages: what a user posted from a bot's inline results, named for the bot by an
 * inline_message_id (the chat and the message). Naming one grants nothing: only the bot the
 * message came "via" may edit it (durable-objects/chat/inline-edits.ts).
 */

export function inlineMessageIdOf(chatKey: string, msgId: number): string {
  return `${chatKey.replaceAll(":", "-")}-${msgId}`;
}

/** The chat key and message id an inline_message_id names, or null for anything else. */
export function parseInlineMessageId(id: string): { chatKey: string; msgId: number } | null {
  const m = /^(private-[1-9]\d{0,15}-[1-9]\d{0,15}|chat-[1-9]\d{0,15}|channel-[1-9]\d{0,15})-([1-9]\d{0,9})$/.exec(id);
  if (!m) return null;
  return { chatKey: (m[1] as string).replaceAll("-", ":"), msgId: Number(m[2]) };
}
