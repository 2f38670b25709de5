import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type CodeLimits, issueCode, verifyCode } from "../../durable-objects/login-codes.ts";
import { devCode, RawDevice, signUpRaw, uniquePhone } from "./raw-device.ts";

const directory = () => env.DIRECTORY.get(env.DIRECTORY.idFromName("directory"));

async function sendCode(dev: RawDevice, phone: string) {
  const sent = (await dev.call("auth.sendCode", { phone_number: phone })) as { phone_code_hash: string; type: string };
  return { hash: sent.phone_code_hash, code: await devCode(phone), type: sent.type };
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

describe("sign-in codes", () => {
  it("Should deliver the code in development and mark the delivery as dev", async () => {
    const dev = await RawDevice.connect();
    const sent = await sendCode(dev, uniquePhone());
    expect(sent.type).toBe("dev");
    expect(sent.code).toMatch(/^\d{6}$/);
  });

  it("Should refuse a wrong code with PHONE_CODE_INVALID, then accept the right one", async () => {
    const dev = await RawDevice.connect();
    const phone = uniquePhone();
    const { hash, code } = await sendCode(dev, phone);
    await expect(
      dev.call("auth.signIn", { phone_number: phone, phone_code_hash: hash, phone_code: wrong(code) }),
    ).rejects.toThrow("400 PHONE_CODE_INVALID");
    expect(await dev.call("auth.signIn", { phone_number: phone, phone_code_hash: hash, phone_code: code })).toEqual({
      _: "auth.authorizationSignUpRequired",
    });
  });

  it("Should refuse an expired code with PHONE_CODE_EXPIRED", async () => {
    const dev = await RawDevice.connect();
    const phone = uniquePhone();
    const { hash, code } = await sendCode(dev, phone);
    await runInDurableObject(directory(), (_obj, state) => {
      state.storage.sql.exec("UPDATE login_codes SET expires = ? WHERE hash = ?", Date.now() - 1, hash);
    });
    await expect(
      dev.call("auth.signIn", { phone_number: phone, phone_code_hash: hash, phone_code: code }),
    ).rejects.toThrow("400 PHONE_CODE_EXPIRED");
  });

  it("Should burn a code after five wrong attempts, even for the right code", async () => {
    const dev = await RawDevice.connect();
    const phone = uniquePhone();
    const { hash, code } = await sendCode(dev, phone);
    for (let i = 0; i < 5; i++) {
      await expect(
        dev.call("auth.signIn", { phone_number: phone, phone_code_hash: hash, phone_code: wrong(code) }),
      ).rejects.toThrow("PHONE_CODE_INVALID");
    }
    await expect(
      dev.call("auth.signIn", { phone_number: phone, phone_code_hash: hash, phone_code: code }),
    ).rejects.toThrow("400 PHONE_CODE_EXPIRED");
  });

  it("Should answer a sixth code request within the hour with FLOOD_WAIT", async () => {
    const dev = await RawDevice.connect();
    const phone = uniquePhone();
    for (let i = 0; i < 5; i++) await dev.call("auth.sendCode", { phone_number: phone });
    await expect(dev.call("auth.sendCode", { phone_number: phone })).rejects.toThrow(/^420 FLOOD_WAIT_\d+$/);
  });

  it("Should let the owner sign in after five strangers spent their code requests on the phone", async () => {
    const owner = await signUpRaw(await RawDevice.connect(), "Owner");
    // Five strangers (five auth keys: locally there is no address, so each key is a requester) spend
    // their whole hourly budget on the owner's number, and each is throttled itself.
    for (let s = 0; s < 5; s++) {
      const stranger = await RawDevice.connect();
      for (let i = 0; i < 5; i++) await stranger.call("auth.sendCode", { phone_number: owner.phone });
      await expect(stranger.call("auth.sendCode", { phone_number: owner.phone })).rejects.toThrow(
        /^420 FLOOD_WAIT_\d+$/,
      );
    }
    const phone = await RawDevice.connect();
    const { hash, code } = await sendCode(phone, owner.phone);
    const auth = (await phone.call("auth.signIn", {
      phone_number: owner.phone,
      phone_code_hash: hash,
      phone_code: code,
    })) as { user: { id: number } };
    expect(auth.user.id).toBe(owner.id);
  });

  it("Should not accept a code issued for another phone", async () => {
    const dev = await RawDevice.connect();
    const phone = uniquePhone();
    const { hash, code } = await sendCode(dev, phone);
    await expect(
      dev.call("auth.signIn", { phone_number: uniquePhone(), phone_code_hash: hash, phone_code: code }),
    ).rejects.toThrow("PHONE_CODE_EXPIRED");
  });

  it("Should refuse a malformed phone number and a malformed code", async () => {
    const dev = await RawDevice.connect();
    await expect(dev.call("auth.sendCode", { phone_number: "call me" })).rejects.toThrow("400 PHONE_NUMBER_INVALID");
    await expect(
      dev.call("auth.signIn", { phone_number: "+15550000", phone_code_hash: "0".repeat(32), phone_code: "12" }),
    ).rejects.toThrow("400 PHONE_CODE_INVALID");
  });

  it("Should not create a user when sign-up is attempted without a verified code", async () => {
    const dev = await RawDevice.connect();
    const phone = uniquePhone();
    const { hash } = await sendCode(dev, phone);
    await expect(
      dev.call("auth.signUp", { phone_number: phone, phone_code_hash: hash, first_name: "Mallory" }),
    ).rejects.toThrow("PHONE_CODE_INVALID");
    const other = await RawDevice.connect();
    const again = await sendCode(other, phone);
    expect(
      await other.call("auth.signIn", { phone_number: phone, phone_code_hash: again.hash, phone_code: again.code }),
    ).toEqual({ _: "auth.authorizationSignUpRequired" });
  });
});

describe("sign-in code limits", () => {
  /** Runs the code rules on the directory's own tables with small limits, so they are reachable in a test. */
  const inDirectory = <T>(f: (sql: SqlStorage) => T) =>
    runInDurableObject(directory(), (_o, state) => f(state.storage.sql));
  const limits: CodeLimits = {
    perRequesterPerHour: 5,
    perPhonePerHour: 5,
    failuresPerPhonePerDay: 7,
    servicePerMinute: 1000,
    serviceFailuresPerMinute: 1000,
  };

  it("Should refuse an old 5-digit code format, and never compare by early exit", async () => {
    const dev = await RawDevice.connect();
    const phone = uniquePhone();
    const { hash, code } = await sendCode(dev, phone);
    await expect(
      dev.call("auth.signIn", { phone_number: phone, phone_code_hash: hash, phone_code: code.slice(1) }),
    ).rejects.toThrow("400 PHONE_CODE_INVALID");
    expect(await dev.call("auth.signIn", { phone_number: phone, phone_code_hash: hash, phone_code: code })).toEqual({
      _: "auth.authorizationSignUpRequired",
    });
  });

  it("Should count wrong codes per phone across all its codes, not per code", async () => {
    const phone = uniquePhone();
    const now = Date.now();
    await inDirectory((sql) => {
      let failures = 0;
      for (let round = 0; round < 2; round++) {
        const { hash, code } = issueCode(sql, phone, now + round, limits);
        for (let i = 0; i < 4 && failures < 7; i++, failures++)
          expect(() => verifyCode(sql, phone, hash, wrong(code), now + round, limits)).toThrow("PHONE_CODE_INVALID");
      }
      // Seven failures over two codes: the phone is closed for the day, even to a fresh, right code.
      const fresh = issueCode(sql, phone, now + 10, limits);
      expect(() => verifyCode(sql, phone, fresh.hash, fresh.code, now + 10, limits)).toThrow(/^420 FLOOD_WAIT_\d+$/);
      // A day later the phone may try again (that code itself has long expired).
      expect(() => verifyCode(sql, phone, fresh.hash, fresh.code, now + 86_400_001, limits)).toThrow(
        "400 PHONE_CODE_EXPIRED",
      );
    });
  });

  it("Should limit code requests per requester for a phone, and per phone whatever the requesters", async () => {
    const now = Date.now() + 2 * 86_400_000; // an hour of its own (before the service-wide test's minute)
    const phoneCap: CodeLimits = { ...limits, perRequesterPerHour: 3, perPhonePerHour: 4 };
    await inDirectory((sql) => {
      const stranger = `key:${crypto.randomUUID()}`;
      const victim = uniquePhone();
      for (let i = 0; i < 3; i++) issueCode(sql, victim, now + i, phoneCap, stranger);
      expect(() => issueCode(sql, victim, now + 3, phoneCap, stranger)).toThrow(/^420 FLOOD_WAIT_\d+$/);
      // Another requester is not held back by the stranger's spent budget.
      expect(() => issueCode(sql, victim, now + 3, phoneCap, "ip:10.0.0.1")).not.toThrow();
      // The phone's own cap bounds what many requesters together can cost it.
      expect(() => issueCode(sql, victim, now + 4, phoneCap, "ip:10.0.0.2")).toThrow(/^420 FLOOD_WAIT_\d+$/);
      expect(() => issueCode(sql, victim, now + 3_600_006, phoneCap, "ip:10.0.0.2")).not.toThrow();
    });
  });

  it("Should limit codes and wrong guesses service-wide, whatever the phones", async () => {
    const now = Date.now() + 7 * 86_400_000; // a minute of its own
    const tight: CodeLimits = { ...limits, servicePerMinute: 3, serviceFailuresPerMinute: 4 };
    await inDirectory((sql) => {
      const issued = [0, 1, 2].map(() => issueCode(sql, uniquePhone(), now, tight));
      expect(() => issueCode(sql, uniquePhone(), now + 1, tight)).toThrow(/^420 FLOOD_WAIT_\d+$/);
      expect(() => issueCode(sql, uniquePhone(), now + 60_001, tight)).not.toThrow();
      const phones = sql
        .exec<{ phone: string; hash: string; code: string }>(
          "SELECT phone, hash, code FROM login_codes WHERE hash IN (?, ?, ?)",
          ...issued.map((i) => i.hash),
        )
        .toArray();
      let refused = 0;
      for (let i = 0; i < 6; i++) {
        const r = phones[i % 3] as { phone: string; hash: string; code: string };
        try {
          verifyCode(sql, r.phone, r.hash, wrong(r.code), now + 2, tight);
        } catch (e) {
          if (/^420 FLOOD_WAIT/.test((e as Error).message)) refused++;
        }
      }
      expect(refused).toBe(2);
    });
  });
});

// Each password check is a real Argon2id hash (about half a second of CPU here): give these room.
describe("2FA password", { timeout: 60_000 }, () => {
  it("Should require the password on a new device and refuse a wrong one", async () => {
    const laptop = await RawDevice.connect();
    const { phone } = await signUpRaw(laptop, "Erin");
    await laptop.call("account.updatePasswordSettings", { new_password: "correct horse", hint: "horse" });
    expect(await laptop.call("account.getPassword")).toEqual({ has_password: true, hint: "horse" });

    const phoneDev = await RawDevice.connect();
    const { hash, code } = await sendCode(phoneDev, phone);
    await expect(
      phoneDev.call("auth.signIn", { phone_number: phone, phone_code_hash: hash, phone_code: code }),
    ).rejects.toThrow("401 SESSION_PASSWORD_NEEDED");
    await expect(phoneDev.call("account.getAuthorizations")).rejects.toThrow("401 AUTH_KEY_UNREGISTERED");
    await expect(phoneDev.call("auth.checkPassword", { password: "wrong" })).rejects.toThrow(
      "400 PASSWORD_HASH_INVALID",
    );
    const auth = (await phoneDev.call("auth.checkPassword", { password: "correct horse" })) as { _: string };
    expect(auth._).toBe("auth.authorization");
  });

  it("Should rate-limit password guesses with FLOOD_WAIT", async () => {
    const laptop = await RawDevice.connect();
    const { phone } = await signUpRaw(laptop, "Frank");
    await laptop.call("account.updatePasswordSettings", { new_password: "s3cret" });
    const thief = await RawDevice.connect();
    const { hash, code } = await sendCode(thief, phone);
    await expect(
      thief.call("auth.signIn", { phone_number: phone, phone_code_hash: hash, phone_code: code }),
    ).rejects.toThrow("SESSION_PASSWORD_NEEDED");
    for (let i = 0; i < 5; i++)
      await expect(thief.call("auth.checkPassword", { password: `guess${i}` })).rejects.toThrow(
        "PASSWORD_HASH_INVALID",
      );
    await expect(thief.call("auth.checkPassword", { password: "s3cret" })).rejects.toThrow(/^420 FLOOD_WAIT_\d+$/);
  });

  it("Should still accept a password stored as PBKDF2-100k, and store it as Argon2id from then on", async () => {
    const laptop = await RawDevice.connect();
    const { id, phone } = await signUpRaw(laptop, "Olga");
    await laptop.call("account.updatePasswordSettings", { new_password: "placeholder" });
    // The row as the previous release wrote it: PBKDF2-HMAC-SHA256, 100,000 iterations, no scheme.
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode("old pass"), "PBKDF2", false, [
      "deriveBits",
    ]);
    const old = new Uint8Array(
      await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations: 100_000 }, key, 256),
    );
    const user = env.USERS.get(env.USERS.idFromName(`user:${id}`));
    const stored = () =>
      runInDurableObject(user, (_o, state) =>
        state.storage.sql.exec<{ scheme: string; hash: ArrayBuffer }>("SELECT scheme, hash FROM password").one(),
      );
    await runInDurableObject(user, (_o, state) => {
      state.storage.sql.exec(
        "UPDATE password SET scheme = 'pbkdf2-sha256', salt = ?, hash = ?, iterations = 100000",
        salt,
        old,
      );
    });

    const signIn = async () => {
      const dev = await RawDevice.connect();
      const { hash, code } = await sendCode(dev, phone);
      await expect(
        dev.call("auth.signIn", { phone_number: phone, phone_code_hash: hash, phone_code: code }),
      ).rejects.toThrow("401 SESSION_PASSWORD_NEEDED");
      return dev;
    };
    const first = await signIn();
    expect(((await first.call("auth.checkPassword", { password: "old pass" })) as { _: string })._).toBe(
      "auth.authorization",
    );
    const after = await stored();
    expect(after.scheme).toBe("argon2id:m=19456,t=2,p=1");
    expect(new Uint8Array(after.hash)).not.toEqual(old);
    // The rehashed password still works, and a wrong one still does not.
    const second = await signIn();
    await expect(second.call("auth.checkPassword", { password: "Old pass" })).rejects.toThrow(
      "400 PASSWORD_HASH_INVALID",
    );
    expect(((await second.call("auth.checkPassword", { password: "old pass" })) as { _: string })._).toBe(
      "auth.authorization",
    );
  });

  it("Should refuse the password step once the code-passed state is over ten minutes old", async () => {
    const laptop = await RawDevice.connect();
    const { id, phone } = await signUpRaw(laptop, "Pavel");
    await laptop.call("account.updatePasswordSettings", { new_password: "hunter2" });
    const dev = await RawDevice.connect();
    const { hash, code } = await sendCode(dev, phone);
    await expect(
      dev.call("auth.signIn", { phone_number: phone, phone_code_hash: hash, phone_code: code }),
    ).rejects.toThrow("401 SESSION_PASSWORD_NEEDED");
    const user = env.USERS.get(env.USERS.idFromName(`user:${id}`));
    await runInDurableObject(user, (_o, state) => {
      state.storage.sql.exec("UPDATE password_pending SET expires = ?", Date.now() - 1);
    });
    await expect(dev.call("auth.checkPassword", { password: "hunter2" })).rejects.toThrow("400 PHONE_CODE_EXPIRED");
    // Still refused: the device must pass a fresh code first.
    await expect(dev.call("auth.checkPassword", { password: "hunter2" })).rejects.toThrow("400 PHONE_CODE_EXPIRED");
    await expect(dev.call("account.getAuthorizations")).rejects.toThrow("401 AUTH_KEY_UNREGISTERED");
  });

  it("Should need the current password to change or remove it", async () => {
    const dev = await RawDevice.connect();
    await signUpRaw(dev, "Grace");
    await dev.call("account.updatePasswordSettings", { new_password: "one" });
    await expect(dev.call("account.updatePasswordSettings", { new_password: "two" })).rejects.toThrow(
      "PASSWORD_HASH_INVALID",
    );
    await dev.call("account.updatePasswordSettings", { current_password: "one", new_password: null });
    expect(await dev.call("account.getPassword")).toEqual({ has_password: false });
  });
});

describe("devices and profile", () => {
  it("Should log out: the key is destroyed and every later frame is refused", async () => {
    const dev = await RawDevice.connect();
    await signUpRaw(dev, "Heidi");
    expect(await dev.call("auth.logOut")).toBe(true);
    // The socket is closed at once with 4401 (revocation bites); a new connection on the same key is refused.
    for (let i = 0; i < 100 && !dev.closed; i++) await new Promise((r) => setTimeout(r, 20));
    expect(dev.closed?.code).toBe(4401);
    await expect(RawDevice.connect({ authKey: dev.authKey, authKeyId: dev.authKeyId })).rejects.toThrow(
      "AUTH_KEY_UNREGISTERED",
    );
  });

  it("Should not let one account terminate another account's device", async () => {
    const alice = await RawDevice.connect();
    await signUpRaw(alice, "Ivan");
    const mallory = await RawDevice.connect();
    await signUpRaw(mallory, "Mallory");
    await expect(mallory.call("account.resetAuthorization", { hash: alice.authKeyId })).rejects.toThrow(
      "400 HASH_INVALID",
    );
    expect(await alice.call("help.getConfig")).toBeTruthy();
  });

  it("Should validate and make usernames unique (case-insensitively)", async () => {
    const a = await RawDevice.connect();
    const b = await RawDevice.connect();
    await signUpRaw(a, "Judy");
    await signUpRaw(b, "Ken");
    const name = `judy${Date.now() % 1_000_000}`;
    await a.call("account.updateUsername", { username: name });
    await expect(b.call("account.updateUsername", { username: name.toUpperCase() })).rejects.toThrow(
      "400 USERNAME_OCCUPIED",
    );
    await expect(b.call("account.updateUsername", { username: "x!" })).rejects.toThrow("400 USERNAME_INVALID");
    const found = (await b.call("contacts.search", { q: name.slice(0, 6) })) as { users: { first_name: string }[] };
    expect(found.users.map((u) => u.first_name)).toContain("Judy");
    await expect(b.call("contacts.resolveUsername", { username: "nobody_here_42" })).rejects.toThrow(
      "USERNAME_NOT_OCCUPIED",
    );
  });

  it("Should update the profile and refuse an empty first name", async () => {
    const dev = await RawDevice.connect();
    const { id } = await signUpRaw(dev, "Leo");
    const me = (await dev.call("account.updateProfile", { last_name: "Tolstoy", about: "writer" })) as {
      last_name: string;
    };
    expect(me.last_name).toBe("Tolstoy");
    await expect(dev.call("account.updateProfile", { first_name: "   " })).rejects.toThrow("FIRSTNAME_INVALID");
    const full = (await dev.call("users.getFullUser", { id })) as { about: string };
    expect(full.about).toBe("writer");
    await expect(dev.call("users.getFullUser", { id: 999_999_999 })).rejects.toThrow("USER_ID_INVALID");
  });
});
