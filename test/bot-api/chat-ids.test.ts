/** Group and channel ids must survive the Bot API's chat_id encoding (-id for groups, -(10^12 + id) for channels). */
import { describe, expect, it } from "vitest";
import { MAX_CHAT_ID, newChatId } from "../../core/rpc/chat-refs.ts";
import { chatIdOf, peerOf } from "../../protocol/bot-api/convert.ts";

describe("chat ids", () => {
  it("new ids stay below 10^12, so a group is never read back as a channel", () => {
    for (let i = 0; i < 20_000; i++) {
      const id = newChatId();
      expect(id >= 1 && id <= MAX_CHAT_ID).toBe(true);
    }
    for (const id of [1, 79_135_597_840, 1_079_135_597, MAX_CHAT_ID]) {
      expect(peerOf(chatIdOf({ _: "chat", id }))).toEqual({ _: "chat", id });
      expect(peerOf(chatIdOf({ _: "channel", id }))).toEqual({ _: "channel", id });
    }
  });
});
