/** One-line text for a message in the chat list, reply headers and the pinned bar. */
import type { Message } from "../../../../protocol/model/message.ts";
import { isFileMedia, isPollMedia, summaryOf } from "../../../../protocol/model/message-media.ts";

export function messagePreview(m: Message): string {
  if (m.action) return serviceText(m);
  // A poll's counts in a stored preview would go stale: the list shows the question only.
  if (isPollMedia(m.media)) return `📊 ${m.media.poll.question}`;
  if (m.media && !isFileMedia(m.media)) return summaryOf(m.media);
  if (m.media) {
    const kind = m.media.audio?.voice
      ? "Voice message"
      : m.media.mime_type.startsWith("image/")
        ? "Photo"
        : (m.media.name ?? "File");
    return m.message ? `${kind}, ${m.message}` : kind;
  }
  return m.message.replace(/\s+/g, " ");
}

export function serviceText(m: Message): string {
  const a = m.action;
  if (!a) return "";
  switch (a._) {
    case "messageActionChatCreate":
      return `Group “${a.title}” created`;
    case "messageActionChannelCreate":
      return `Channel “${a.title}” created`;
    case "messageActionChatAddUser":
      return "Members added";
    case "messageActionChatDeleteUser":
      return "A member left";
    case "messageActionChatJoinedByLink":
      return "Joined the group";
    case "messageActionChatEditTitle":
      return `Title changed to “${a.title}”`;
    case "messageActionPinMessage":
      return "Message pinned";
    case "messageActionChatEditPhoto":
      return "Photo changed";
    case "messageActionChatDeletePhoto":
      return "Photo removed";
    case "messageActionTopicCreate":
      return `Topic “${a.title}” created`;
    case "messageActionTopicEdit":
      if (a.closed !== undefined) return a.closed ? "Topic closed" : "Topic reopened";
      if (a.hidden !== undefined) return a.hidden ? "Topic hidden" : "Topic shown";
      return a.title !== undefined ? `Topic renamed to “${a.title}”` : "Topic icon changed";
  }
}
