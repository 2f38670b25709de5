import { describe, expect, it } from "vitest";
import { repeatableAfterInterrupt } from "../../../protocol/transport.ts";

describe("what a client repeats after 500 RPC_INTERRUPTED (the SDK's rule)", () => {
  it("Should repeat reads, file parts and random_id sends", () => {
    expect(repeatableAfterInterrupt("messages.getHistory", { peer: { _: "user", id: 1 } })).toBe(true);
    expect(repeatableAfterInterrupt("contacts.search", { q: "a" })).toBe(true);
    expect(repeatableAfterInterrupt("messages.searchGlobal", { q: "a" })).toBe(true);
    expect(repeatableAfterInterrupt("upload.saveFilePart", { file_id: "1", file_part: 0 })).toBe(true);
    expect(repeatableAfterInterrupt("upload.saveBigFilePart", { file_id: "1", file_part: 0 })).toBe(true);
    expect(repeatableAfterInterrupt("messages.sendMessage", { message: "hi", random_id: "7" })).toBe(true);
  });

  it("Should hand anything else back to the caller", () => {
    expect(repeatableAfterInterrupt("messages.createChat", { title: "t", users: [2] })).toBe(false);
    expect(repeatableAfterInterrupt("account.updatePasswordSettings", {})).toBe(false);
    expect(repeatableAfterInterrupt("messages.sendVote", { options: ["0"] })).toBe(false);
    expect(repeatableAfterInterrupt("messages.getting", null)).toBe(false);
  });
});
