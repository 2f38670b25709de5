import { describe, expect, it } from "vitest";
import {
  closedTopic,
  editedTopic,
  GENERAL_TOPIC_ID,
  hiddenTopic,
  newTopic,
  requireDeletable,
  requireMaySendIn,
  TOPIC_ICON_COLORS,
} from "../../../../core/chat/topics.ts";

const topic = () => newTopic(5, { title: " Plans " }, 10, 1_000);
const general = () => newTopic(GENERAL_TOPIC_ID, { title: "General" }, 10, 1_000);

describe("forum topic rules", () => {
  it("a new topic has its trimmed title, the default colour, open and shown", () => {
    expect(topic()).toEqual({
      id: 5,
      title: "Plans",
      iconColor: TOPIC_ICON_COLORS[0],
      creator: 10,
      date: 1_000,
      closed: false,
      hidden: false,
    });
    expect(newTopic(6, { title: "x", iconColor: 0xfb6f5f, iconEmojiId: "77" }, 1, 2)).toMatchObject({
      iconColor: 0xfb6f5f,
      iconEmojiId: "77",
    });
  });

  it("refuses an empty or too long title and a colour Telegram does not offer", () => {
    expect(() => newTopic(5, { title: "  " }, 1, 1)).toThrow("TOPIC_TITLE_EMPTY");
    expect(() => newTopic(5, { title: "a".repeat(129) }, 1, 1)).toThrow("TOPIC_TITLE_TOO_LONG");
    expect(newTopic(5, { title: "a".repeat(128) }, 1, 1).title).toHaveLength(128);
    expect(() => newTopic(5, { title: "x", iconColor: 0x123456 }, 1, 1)).toThrow("TOPIC_ICON_COLOR_INVALID");
  });

  it("edits the title and icon, removes the icon with an empty id, refuses a no-op", () => {
    const t = editedTopic(topic(), { title: "Trips", iconEmojiId: "9" });
    expect(t).toMatchObject({ title: "Trips", iconEmojiId: "9" });
    expect(editedTopic(t, { iconEmojiId: "" })).not.toHaveProperty("iconEmojiId");
    expect(() => editedTopic(t, { title: "Trips" })).toThrow("TOPIC_NOT_MODIFIED");
    expect(() => editedTopic(t, { title: "" })).toThrow("TOPIC_TITLE_EMPTY");
  });

  it("General may be renamed but not given an icon, hidden but not deleted", () => {
    expect(editedTopic(general(), { title: "Lobby" }).title).toBe("Lobby");
    expect(() => editedTopic(general(), { iconEmojiId: "9" })).toThrow("GENERAL_MODIFY_ICON_FORBIDDEN");
    expect(() => requireDeletable(general())).toThrow("TOPIC_ID_INVALID");
    expect(() => requireDeletable(topic())).not.toThrow();
    const hidden = hiddenTopic(general(), true);
    expect(hidden).toMatchObject({ hidden: true, closed: true });
    expect(() => hiddenTopic(hidden, true)).toThrow("TOPIC_NOT_MODIFIED");
    expect(hiddenTopic(hidden, false)).toMatchObject({ hidden: false });
    expect(() => hiddenTopic(topic(), true)).toThrow("TOPIC_ID_INVALID");
  });

  it("closes and reopens, refusing the state a topic is already in; a closed topic takes only managers' messages", () => {
    const closed = closedTopic(topic(), true);
    expect(closed.closed).toBe(true);
    expect(() => closedTopic(closed, true)).toThrow("TOPIC_NOT_MODIFIED");
    expect(closedTopic(closed, false).closed).toBe(false);
    expect(() => requireMaySendIn(closed, false)).toThrow("TOPIC_CLOSED");
    expect(() => requireMaySendIn(closed, true)).not.toThrow();
    expect(() => requireMaySendIn(topic(), false)).not.toThrow();
  });
});
