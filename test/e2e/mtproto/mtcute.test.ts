/**
 * mtcute (@mtcute/node, unchanged, its default TCP transport) against the local server through the dev
 * TCP relay to /apiws (scripts/tcp-relay.ts): only the server address and the added RSA key differ.
 */
import type { TelegramClient } from "@mtcute/node";
import { afterAll, describe, expect, inject, it } from "vitest";
import { personWithBot } from "../bot-story.ts";
import { newPhone, signUp } from "../story.ts";
import { devCode as codeFor, type MtcuteServer, mtcuteClient, mtcuteSignUp } from "./mtcute-client.ts";

const serverUrl = inject("serverUrl");
const srv: MtcuteServer = {
  url: serverUrl,
  tcpPort: inject("mtprotoTcpPort"),
  publicKeyPem: inject("mtprotoPublicKeyPem"),
};
const devCode = (phone: string) => codeFor(serverUrl, phone);
const clients: TelegramClient[] = [];

function mtcute(opts: { usePfs?: boolean } = {}): TelegramClient {
  const client = mtcuteClient(srv, opts);
  clients.push(client);
  return client;
}

const signUpWith = (client: TelegramClient, phone: string, firstName: string) =>
  mtcuteSignUp(srv, client, phone, firstName);

afterAll(async () => {
  for (const c of clients) await c.destroy().catch(() => {});
});

describe("mtcute over TCP (relayed to /apiws)", () => {
  it("creates a key, signs up, signs in on a second device, lists authorizations, logs out", async () => {
    const phone = newPhone();
    const first = mtcute();
    await signUpWith(first, phone, "Cute");
    const me = await first.getMe();
    expect(me.firstName).toBe("Cute");
    expect(me.isSelf).toBe(true);

    const second = mtcute();
    const again = await second.start({ phone, code: () => devCode(phone) });
    expect(again.id).toBe(me.id);

    const { authorizations } = await second.call({ _: "account.getAuthorizations" });
    expect(authorizations).toHaveLength(2);
    expect(authorizations.filter((a) => a.current)).toHaveLength(1);

    await second.logOut();
    const third = mtcute();
    await third.start({ phone, code: () => devCode(phone) });
    const after = await third.call({ _: "account.getAuthorizations" });
    expect(after.authorizations).toHaveLength(2);
  }, 120_000);

  it("2FA: a password set over the Edgegram protocol signs mtcute in by SRP; a wrong one is refused", async () => {
    const srv = { url: serverUrl, key: inject("serverKey") };
    const person = await signUp(srv, "Pass");
    await person.client.call("account.updatePasswordSettings", { new_password: "correct horse", hint: "horse" });

    // A wrong password first: mtcute asks again after PASSWORD_HASH_INVALID, and the right one signs in.
    const tries = ["wrong horse", "correct horse"];
    const refusals: string[] = [];
    const right = mtcute();
    const user = await right.start({
      phone: person.phone,
      code: () => devCode(person.phone),
      password: async () => tries.shift() ?? "",
      invalidCodeCallback: async (kind) => {
        refusals.push(kind);
      },
    });
    expect(refusals).toEqual(["password"]);
    expect(user.id).toBe(person.user.id);
    person.client.close();
  }, 120_000);

  it("a bot signs in with its token; a wrong token is refused", async () => {
    const { token, botId } = await personWithBot({ url: serverUrl, key: inject("serverKey") }, "Cute");
    const bad = mtcute();
    await expect(bad.start({ botToken: `${botId}:${"A".repeat(40)}` })).rejects.toThrow(/ACCESS_TOKEN_INVALID/);
    const bot = mtcute();
    const me = await bot.start({ botToken: token });
    expect(me.id).toBe(botId);
    expect(me.isBot).toBe(true);
  }, 60_000);

  it("perfect forward secrecy: a temporary key bound to the permanent one (auth.bindTempAuthKey) signs up, is listed as one device, and is signed out with it", async () => {
    const phone = newPhone();
    const pfs = mtcute({ usePfs: true });
    // Every call below goes over the temporary key: mtcute holds its calls until the binding is answered.
    await signUpWith(pfs, phone, "Forward");
    const me = await pfs.getMe();
    expect(me.firstName).toBe("Forward");
    const mine = await pfs.call({ _: "account.getAuthorizations" });
    // The permanent key is the authorization, and the temporary key speaks for it.
    expect(mine.authorizations).toHaveLength(1);
    expect(mine.authorizations[0]!.current).toBe(true);

    const other = mtcute();
    await other.start({ phone, code: () => devCode(phone) });
    const both = await other.call({ _: "account.getAuthorizations" });
    expect(both.authorizations).toHaveLength(2);
    const pfsDevice = both.authorizations.find((a) => !a.current)!;
    await other.call({ _: "account.resetAuthorization", hash: pfsDevice.hash });
    // Signing the permanent key out signs out the temporary key it is using.
    await expect(pfs.call({ _: "users.getUsers", id: [{ _: "inputUserSelf" }] })).rejects.toThrow(
      /AUTH_KEY_UNREGISTERED/,
    );
  }, 120_000);
});
