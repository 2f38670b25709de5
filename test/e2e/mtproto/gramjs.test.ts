/**
 * GramJS (npm `telegram`, unchanged) against the local server over WebSocket /apiws, obfuscated as
 * Telegram Web sends it: only the server address and the added RSA key differ from talking to Telegram.
 */
import { Api, type TelegramClient } from "telegram";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { personWithBot } from "../bot-story.ts";
import { devCode as edgegramCode, newPhone, signUp, device as signUpFreeDeviceRaw } from "../story.ts";
import { addGramjsServerKey, gramjsClient, showGramjsLogOnFailure } from "./gramjs-client.ts";
import { hostPort } from "./server-key.ts";

const serverUrl = inject("serverUrl");
const { host, port } = hostPort(serverUrl);

async function devCode(phone: string): Promise<string> {
  const res = await fetch(`${serverUrl}/dev/codes/${encodeURIComponent(phone)}`);
  if (!res.ok) throw new Error(`no dev code for ${phone}: ${res.status}`);
  return ((await res.json()) as { code: string }).code;
}

const signUpFreeDevice = async (srv: { url: string; key: string }) => ({ client: await signUpFreeDeviceRaw(srv) });

/** GramJS's own sign-in flow (client.start): sendCode, signIn, and signUp when the number is new. */
async function start(client: TelegramClient, phone: string, firstName = "Gram"): Promise<void> {
  await client.start({
    phoneNumber: phone,
    phoneCode: () => devCode(phone),
    firstAndLastNames: async () => [firstName, "JS"],
    onError: (e) => {
      throw e;
    },
  });
}
const clients: TelegramClient[] = [];

function gramjs(): TelegramClient {
  const client = gramjsClient(serverUrl);
  clients.push(client);
  return client;
}

beforeAll(() => {
  addGramjsServerKey(inject("mtprotoPublicKeyPem"));
});

showGramjsLogOnFailure();

afterAll(async () => {
  for (const c of clients) await c.destroy().catch(() => {});
});

describe("GramJS over WebSocket", () => {
  it("creates an auth key and reads help.getConfig naming this server as its one DC", async () => {
    const client = gramjs();
    await client.connect();
    const config = await client.invoke(new Api.help.GetConfig());
    expect(config.thisDc).toBe(2);
    expect(config.dcOptions.map((d) => [d.ipAddress, d.port])).toEqual([[host, port]]);
    const nearest = await client.invoke(new Api.help.GetNearestDc());
    expect(nearest.thisDc).toBe(2);
  }, 60_000);

  it("signs up, signs in on a second device, lists both devices, resets one and logs out", async () => {
    const phone = newPhone();
    const first = gramjs();
    await start(first, phone);
    const me = await first.getMe();
    expect(me.firstName).toBe("Gram");
    expect(me.self).toBe(true);

    const second = gramjs();
    await start(second, phone);
    expect((await second.getMe()).id.toString()).toBe(me.id.toString());
    const state = await second.invoke(new Api.updates.GetState());
    expect(state.pts).toBeGreaterThanOrEqual(0);

    const { authorizations } = await second.invoke(new Api.account.GetAuthorizations());
    expect(authorizations).toHaveLength(2);
    const other = authorizations.find((a) => !a.current);
    expect(other).toBeDefined();
    expect(await second.invoke(new Api.account.ResetAuthorization({ hash: other!.hash }))).toBe(true);
    // The reset device's key stays, signed out: its calls get Telegram's 401.
    await expect(first.invoke(new Api.users.GetFullUser({ id: new Api.InputUserSelf() }))).rejects.toThrow(
      /AUTH_KEY_UNREGISTERED/,
    );

    const full = await second.invoke(new Api.users.GetFullUser({ id: new Api.InputUserSelf() }));
    expect(full.users[0]?.id.toString()).toBe(me.id.toString());
    await second.invoke(new Api.auth.LogOut());
    await expect(second.invoke(new Api.updates.GetState())).rejects.toThrow(/AUTH_KEY_UNREGISTERED/);
  }, 120_000);

  it("a bot signs in with its token (auth.importBotAuthorization); a wrong token is refused", async () => {
    const { token, botId } = await personWithBot({ url: serverUrl, key: inject("serverKey") }, "Gram");
    const bad = gramjs();
    await bad.connect();
    await expect(
      bad.invoke(
        new Api.auth.ImportBotAuthorization({
          flags: 0,
          apiId: 1,
          apiHash: "x",
          botAuthToken: `${botId}:${"A".repeat(40)}`,
        }),
      ),
    ).rejects.toThrow(/ACCESS_TOKEN_INVALID/);

    const bot = gramjs();
    await bot.start({ botAuthToken: token });
    const me = await bot.getMe();
    expect(me.id.toString()).toBe(String(botId));
    expect(me.bot).toBe(true);
  }, 60_000);

  it("2FA: a password set over the Edgegram protocol signs GramJS in by SRP; a wrong one is refused; Edgegram signs in with it too", async () => {
    const srv = { url: serverUrl, key: inject("serverKey") };
    const person = await signUp(srv, "Pass");
    await person.client.call("account.updatePasswordSettings", { new_password: "correct horse", hint: "horse" });

    const wrong = gramjs();
    await expect(
      wrong.start({
        phoneNumber: person.phone,
        phoneCode: () => devCode(person.phone),
        password: async () => "wrong horse",
        onError: (e) => {
          throw e;
        },
      }),
    ).rejects.toThrow(/PASSWORD_HASH_INVALID/);

    const right = gramjs();
    await right.start({
      phoneNumber: person.phone,
      phoneCode: () => devCode(person.phone),
      password: async () => "correct horse",
      onError: (e) => {
        throw e;
      },
    });
    expect((await right.getMe()).id.toString()).toBe(String(person.user.id));

    // The same password over the Edgegram protocol, on a new device.
    const { client } = await signUpFreeDevice(srv);
    const sent = await client.call("auth.sendCode", { phone_number: person.phone });
    const code = await edgegramCode(srv, person.phone);
    await expect(
      client.call("auth.signIn", {
        phone_number: person.phone,
        phone_code_hash: sent.phone_code_hash,
        phone_code: code,
      }),
    ).rejects.toThrow(/SESSION_PASSWORD_NEEDED/);
    const auth = await client.call("auth.checkPassword", { password: "correct horse" });
    expect(auth._).toBe("auth.authorization");
    client.close();
  }, 120_000);

  it("2FA set, changed and removed over MTProto (account.updatePasswordSettings, by SRP): works from both protocols", async () => {
    const srv = { url: serverUrl, key: inject("serverKey") };
    const phone = newPhone();
    const owner = gramjs();
    await start(owner, phone, "Setter");
    await owner.updateTwoFaSettings({ newPassword: "first secret", hint: "first" });
    const pwd = await owner.invoke(new Api.account.GetPassword());
    expect([pwd.hasPassword, pwd.hint]).toEqual([true, "first"]);

    // GramJS signs in with it by SRP; the Edgegram protocol checks the plaintext against the verifier.
    const second = gramjs();
    await second.start({
      phoneNumber: phone,
      phoneCode: () => devCode(phone),
      password: async () => "first secret",
      onError: (e) => {
        throw e;
      },
    });
    const { client } = await signUpFreeDevice(srv);
    const sent = await client.call("auth.sendCode", { phone_number: phone });
    await expect(
      client.call("auth.signIn", {
        phone_number: phone,
        phone_code_hash: sent.phone_code_hash,
        phone_code: await edgegramCode(srv, phone),
      }),
    ).rejects.toThrow(/SESSION_PASSWORD_NEEDED/);
    await expect(client.call("auth.checkPassword", { password: "wrong secret" })).rejects.toThrow(
      /PASSWORD_HASH_INVALID/,
    );
    expect((await client.call("auth.checkPassword", { password: "first secret" }))._).toBe("auth.authorization");
    client.close();

    // A change needs the current password: a wrong one is refused and changes nothing.
    await expect(owner.updateTwoFaSettings({ currentPassword: "nope", newPassword: "x" })).rejects.toThrow(
      /PASSWORD_HASH_INVALID/,
    );
    await owner.updateTwoFaSettings({ currentPassword: "first secret", newPassword: "second secret", hint: "2" });
    const third = gramjs();
    await expect(
      third.start({
        phoneNumber: phone,
        phoneCode: () => devCode(phone),
        password: async () => "first secret",
        onError: (e) => {
          throw e;
        },
      }),
    ).rejects.toThrow(/PASSWORD_HASH_INVALID/);
    const fourth = gramjs();
    await fourth.start({
      phoneNumber: phone,
      phoneCode: () => devCode(phone),
      password: async () => "second secret",
      onError: (e) => {
        throw e;
      },
    });

    // Removed: the next sign-in asks for no password.
    await owner.updateTwoFaSettings({ currentPassword: "second secret" });
    expect((await owner.invoke(new Api.account.GetPassword())).hasPassword).toBe(false);
    const fifth = gramjs();
    await start(fifth, phone);
    expect((await fifth.getMe()).firstName).toBe("Setter");
  }, 240_000);
});
