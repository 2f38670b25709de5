/** The live-location rule: editable by time, until stopped; a no-op move is refused. */
import { describe, expect, it } from "vitest";
import { movedLocation, requireLive } from "../../../../core/chat/live-locations.ts";
import { LIVE_PERIOD_FOREVER } from "../../../../protocol/model/message-media.ts";

const live = (period?: number) => ({
  _: "messageMediaGeo" as const,
  geo: { lat: 1, long: 2 },
  ...(period ? { period } : {}),
});
const refusal = (f: () => unknown) => {
  try {
    f();
    return "ok";
  } catch (e) {
    return (e as Error).message;
  }
};

describe("live locations", () => {
  it("may change until the period ends, and forever when it is 0x7FFFFFFF", () => {
    expect(requireLive(live(60), 1000, 1059)).toEqual(live(60));
    expect(refusal(() => requireLive(live(60), 1000, 1060))).toBe("400 MESSAGE_EDIT_TIME_EXPIRED");
    expect(refusal(() => requireLive(live(LIVE_PERIOD_FOREVER), 1000, 10_000_000))).toBe("ok");
  });

  it("refuses static locations and other media", () => {
    expect(refusal(() => requireLive(live(), 1000, 1001))).toBe("400 MESSAGE_EDIT_TIME_EXPIRED");
    expect(refusal(() => requireLive(null, 1000, 1001))).toBe("400 MESSAGE_EDIT_TIME_EXPIRED");
    expect(refusal(() => requireLive({ _: "messageMediaDice", emoticon: "🎲", value: 3 }, 1000, 1001))).toBe(
      "400 MESSAGE_EDIT_TIME_EXPIRED",
    );
  });

  it("moves, and stopping leaves a static location where it was", () => {
    expect(movedLocation(live(600), { geo: { lat: 3, long: 4 }, heading: 10 })).toEqual({
      ...live(600),
      geo: { lat: 3, long: 4 },
      heading: 10,
    });
    const stopped = movedLocation({ ...live(600), heading: 5 }, { stop: true });
    expect(stopped).toEqual(live());
    expect(refusal(() => requireLive(stopped, 1000, 1100))).toBe("400 MESSAGE_EDIT_TIME_EXPIRED");
    expect(refusal(() => movedLocation(live(600), { geo: { lat: 1, long: 2 } }))).toBe("400 MESSAGE_NOT_MODIFIED");
  });
});
