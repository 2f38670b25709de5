/** inline_message_id: names a chat's message and reads back exactly; anything else is refused. */
import { describe, expect, it } from "vitest";
import { inlineMessageIdOf, parseInlineMessageId } from "../../../../core/chat/inline-messages.ts";

describe("inline message ids", () => {
  it("round-trip for every kind of chat", () => {
    for (const chatKey of ["private:5:9", "chat:12", "channel:7"])
      expect(parseInlineMessageId(inlineMessageIdOf(chatKey, 42))).toEqual({ chatKey, msgId: 42 });
  });

  it("refuse anything that is not one", () => {
    for (const bad of ["", "nonsense", "private-5-42", "chat-0-1", "chat-1-0", "group-1-2", "chat-1-2-3", "chat-01-2"])
      expect(parseInlineMessageId(bad)).toBeNull();
  });
});
