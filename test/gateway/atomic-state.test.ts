import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { DirectoryObject } from "../../durable-objects/directory-object.ts";
import { devCode, RawDevice, uniquePhone } from "./raw-device.ts";

const directory = () => env.DIRECTORY.get(env.DIRECTORY.idFromName("directory"));

describe("a failure inside a storage transaction", () => {
  it("Should leave the sign-up code usable and no half-made account when account creation throws", async () => {
    const dev = await RawDevice.connect();
    const phone = uniquePhone();
    const sent = (await dev.call("auth.sendCode", { phone_number: phone })) as { phone_code_hash: string };
    const code = await devCode(phone);
    await dev.call("auth.signIn", { phone_number: phone, phone_code_hash: sent.phone_code_hash, phone_code: code });

    await runInDurableObject(directory(), async (obj: DirectoryObject, state) => {
      // An own property shadows the class's method for this call only. It must be deleted, not set back:
      // RPC serves only the class's methods, so a function left on the instance would make every later
      // `createUser` call (other test files share this object) fail with "does not implement the method".
      obj.createUser = () => {
        // The code row was already deleted in this transaction when this throws.
        throw new Error("disk on fire");
      };
      try {
        expect(() => obj.signUp(phone, sent.phone_code_hash, "Crash")).toThrow("disk on fire");
      } finally {
        delete (obj as Partial<DirectoryObject>).createUser;
      }
      const codes = state.storage.sql
        .exec("SELECT count(*) AS n FROM login_codes WHERE hash = ?", sent.phone_code_hash)
        .one();
      const users = state.storage.sql.exec("SELECT count(*) AS n FROM users WHERE phone = ?", phone).one();
      expect(codes.n).toBe(1);
      expect(users.n).toBe(0);
    });

    // The person simply tries again and gets an account.
    const auth = (await dev.call("auth.signUp", {
      phone_number: phone,
      phone_code_hash: sent.phone_code_hash,
      first_name: "Retry",
    })) as { _: string };
    expect(auth._).toBe("auth.authorization");
  });
});
