import { describe, expect, it } from "vitest";
import { devCode, device, server, signIn, signUp } from "./story.ts";

describe("accounts over a real WebSocket", () => {
  it("signs up two users who can find each other by username", async () => {
    const srv = server();
    const alice = await signUp(srv, "Alice");
    const bob = await signUp(srv, "Bob");
    expect(alice.user.id).not.toBe(bob.user.id);
    const handle = `bob_${bob.user.id}_${Date.now() % 100000}`;
    await bob.client.call("account.updateUsername", { username: handle });
    const found = await alice.client.call("contacts.resolveUsername", { username: handle });
    expect(found.user).toMatchObject({ id: bob.user.id, first_name: "Bob" });
    expect(found.user.phone).toBeUndefined();
    alice.client.close();
    bob.client.close();
  });

  it("a terminated authorization can no longer call anything", async () => {
    const srv = server();
    const laptop = await signUp(srv, "Carol");
    const phone = await signIn(srv, laptop.phone);
    const { authorizations } = await phone.client.call("account.getAuthorizations", {});
    expect(authorizations).toHaveLength(2);
    const laptopAuth = authorizations.find((a) => !a.current);
    await phone.client.call("account.resetAuthorization", { hash: laptopAuth?.hash ?? "" });
    // Told its key is gone, the SDK starts over with a fresh, signed-out key (as Telegram's clients do),
    // so the laptop can still reach public methods but nothing as Carol.
    await expect(laptop.client.call("account.getAuthorizations", {})).rejects.toMatchObject({ code: 401 });
    await expect(laptop.client.call("users.getFullUser", { id: laptop.user.id })).rejects.toMatchObject({ code: 401 });
    expect(await phone.client.call("help.getConfig", {})).toBeTruthy();
    phone.client.close();
  });

  it("refuses a wrong sign-in code and signs in with the right one", async () => {
    const srv = server();
    const dave = await signUp(srv, "Dave");
    const laptop = await device(srv);
    const sent = await laptop.call("auth.sendCode", { phone_number: dave.phone });
    const code = await devCode(srv, dave.phone);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    await expect(
      laptop.call("auth.signIn", {
        phone_number: dave.phone,
        phone_code_hash: sent.phone_code_hash,
        phone_code: wrong,
      }),
    ).rejects.toMatchObject({ code: 400, text: "PHONE_CODE_INVALID" });
    const auth = await laptop.call("auth.signIn", {
      phone_number: dave.phone,
      phone_code_hash: sent.phone_code_hash,
      phone_code: code,
    });
    expect(auth).toMatchObject({ _: "auth.authorization", user: { id: dave.user.id } });
    laptop.close();
    dave.client.close();
  });
});
