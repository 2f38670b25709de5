import { describe, expect, it } from "vitest";
import { KeyAtRest } from "../../../durable-objects/key-at-rest.ts";
import { randomBytes } from "../../../protocol/binary.ts";

const vault = new KeyAtRest("3d".repeat(32));

describe("key material at rest", () => {
  it("Should seal a key so that it opens only under the same id and secret", () => {
    const key = randomBytes(32);
    const sealed = vault.seal("0011223344556677", key);
    expect(sealed.length).toBe(1 + 24 + 32 + 16);
    expect(vault.open("0011223344556677", sealed)).toEqual({ key, legacy: false });
    expect(vault.open("0011223344556678", sealed)).toBeNull();
    expect(new KeyAtRest("4c".repeat(32)).open("0011223344556677", sealed)).toBeNull();
  });

  it("Should refuse tampered rows and report bare 32-byte rows as legacy plaintext", () => {
    const key = randomBytes(32);
    const sealed = vault.seal("a", key);
    sealed[30] = (sealed[30] as number) ^ 1;
    expect(vault.open("a", sealed)).toBeNull();
    expect(vault.open("a", randomBytes(10))).toBeNull();
    expect(vault.open("a", key)).toEqual({ key, legacy: true });
  });

  it("Should refuse to start without a well-formed secret, saying how to make one", () => {
    expect(() => new KeyAtRest(undefined)).toThrow("npm run keys");
    expect(() => new KeyAtRest("zz".repeat(32))).toThrow("AUTH_KEY_STORAGE_KEY");
  });
});
