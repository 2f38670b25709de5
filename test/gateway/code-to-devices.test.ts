/** auth.sendCode for an account with signed-in devices also sends the code to them, from the service account. */
import { describe, expect, it } from "vitest";
import { type Loose, person } from "../messaging/people.ts";
import { devCode, RawDevice, uniquePhone } from "./raw-device.ts";

/** Waits for a message pushed to `dev` whose text contains `code`; returns it, or null. */
async function codeMessage(dev: RawDevice, code: string): Promise<Loose | null> {
  let found: Loose = null;
  await dev.next((m) => {
    if (m.body._ !== "updates") return false;
    found = (m.body.updates as Loose[]).find(
      (u) => u._ === "updateNewMessage" && typeof u.message.message === "string" && u.message.message.includes(code),
    );
    return found !== undefined;
  }, 5000);
  return found ?? null;
}

describe("sign-in codes reach the owner's signed-in devices", () => {
  it("Should send the code as a message from the service account, and let a new device sign in with it", async () => {
    const owner = await person("Owner");
    const laptop = await RawDevice.connect();
    const sent = (await laptop.call("auth.sendCode", { phone_number: owner.phone })) as Loose;
    const code = await devCode(owner.phone);
    const got = await codeMessage(owner.dev, code);
    expect(got?.message.message).toContain(`Login code: ${code}.`);
    const from = got?.message.from_id?.id ?? got?.message.peer_id?.id;
    expect(from).not.toBe(owner.id);
    const service = (await owner.call("users.getUsers", { ids: [from] }))[0];
    expect(service.first_name).toBe("Edgegram");
    const auth = (await laptop.call("auth.signIn", {
      phone_number: owner.phone,
      phone_code_hash: sent.phone_code_hash,
      phone_code: code,
    })) as Loose;
    expect(auth.user.id).toBe(owner.id);
  });

  it("Should throttle a stranger asking for the owner's codes, and still deliver the owner's own", async () => {
    const owner = await person("Owner");
    const stranger = await RawDevice.connect();
    for (let i = 0; i < 5; i++) await stranger.call("auth.sendCode", { phone_number: owner.phone });
    await expect(stranger.call("auth.sendCode", { phone_number: owner.phone })).rejects.toThrow(/^420 FLOOD_WAIT_\d+$/);
    const laptop = await RawDevice.connect();
    const sent = (await laptop.call("auth.sendCode", { phone_number: owner.phone })) as Loose;
    const code = await devCode(owner.phone);
    expect(await codeMessage(owner.dev, code)).not.toBeNull();
    const auth = (await laptop.call("auth.signIn", {
      phone_number: owner.phone,
      phone_code_hash: sent.phone_code_hash,
      phone_code: code,
    })) as Loose;
    expect(auth.user.id).toBe(owner.id);
  });

  it("Should send nothing to anyone for a phone without an account", async () => {
    const dev = await RawDevice.connect();
    const sent = (await dev.call("auth.sendCode", { phone_number: uniquePhone() })) as Loose;
    expect(sent.type).toBe("dev");
    expect(await dev.next((m) => m.body._ === "updates", 500)).toBeNull();
  });
});
