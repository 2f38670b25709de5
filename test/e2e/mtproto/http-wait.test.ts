/**
 * MTProto over HTTP (POST /api) receives the account's updates: a request carrying http_wait is held
 * until an update comes (or its max_wait passes), and updates that come between requests ride on the
 * next response. The key is GramJS's (signed up over WebSocket); the HTTP session is built with the
 * protocol modules, as a client that speaks the HTTP transport would.
 */
import bigInt from "big-integer";
import { Api, TelegramClient } from "telegram";
import { _serverKeys } from "telegram/crypto/RSA.js";
import { ConnectionTCPObfuscated } from "telegram/network/connection/index.js";
import { MemorySession } from "telegram/sessions/index.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { authKeyId as keyIdOf } from "../../../protocol/mtproto/crypto/kdf.ts";
import { nobleCryptoProvider } from "../../../protocol/mtproto/crypto/noble.ts";
import type { TlObject } from "../../../protocol/mtproto/tl/index.ts";
import { newPhone, server, signUp } from "../story.ts";
import { RawSession, tl } from "./raw-client.ts";
import { hostPort, localWebSockets, rsaPublicOf } from "./server-key.ts";

const srv = server();
const { host, port } = hostPort(srv.url);
let gram: TelegramClient;
let username: string;
let http: RawSession;

async function devCode(phone: string): Promise<string> {
  const res = await fetch(`${srv.url}/dev/codes/${encodeURIComponent(phone)}`);
  return ((await res.json()) as { code: string }).code;
}

/** One HTTP round trip: the TL objects of the answer (a container's contents, rpc_results opened). */
async function post(s: RawSession, m: { body: Uint8Array; contentRelated?: boolean }): Promise<TlObject[]> {
  const { packet } = s.seal(m.body, { contentRelated: m.contentRelated });
  const res = await fetch(`${srv.url}/api`, { method: "POST", body: new Blob([Uint8Array.from(packet)]) });
  expect(res.status).toBe(200);
  return s.open(new Uint8Array(await res.arrayBuffer()));
}

const httpWait = (maxWait: number) => ({
  body: tl({ _: "mt_http_wait", maxDelay: 0, waitAfter: 0, maxWait }),
  contentRelated: false,
});
const ping = () => ({ body: tl({ _: "mt_ping", pingId: BigInt(Date.now()) }) });
const shortMessages = (objs: TlObject[]) =>
  objs.flatMap((o) => {
    if (o._ !== "updateShortMessage") return [];
    return [String(o.message)];
  });

beforeAll(async () => {
  const k = rsaPublicOf(inject("mtprotoPublicKeyPem"));
  _serverKeys.set(k.fingerprint.toString(), { n: bigInt(k.n.toString()), e: Number(k.e) });
  gram = new TelegramClient(new MemorySession(), 12345, "0123456789abcdef0123456789abcdef", {
    connection: ConnectionTCPObfuscated,
    networkSocket: localWebSockets(port),
    // The library's default retries: GramJS writes the auth key without its leading zero bytes, so one handshake
    // in 256 fails its own check against a server that keeps all 256 (Telegram's and tdlib's, and ours) and is retried.
  });
  gram.setLogLevel("none" as never);
  gram.session.setDC(2, host, port);
  const phone = newPhone();
  await gram.start({
    phoneNumber: phone,
    phoneCode: () => devCode(phone),
    firstAndLastNames: async () => ["Hattie", "Http"],
    onError: (e) => {
      throw e;
    },
  });
  username = `hattie${Date.now().toString(36)}`;
  await gram.invoke(new Api.account.UpdateUsername({ username }));
  const authKey = new Uint8Array(gram.session.getAuthKey()!.getKey()!);
  http = new RawSession(authKey, keyIdOf(nobleCryptoProvider, authKey));
  // The first packet of a new session learns the server's salt.
  const first = await post(http, ping());
  const bad = first.find((o) => o._ === "mt_bad_server_salt");
  expect(bad).toBeDefined();
  http.salt = bad!.newServerSalt as bigint;
  const objs = await post(http, ping());
  expect(objs.map((o) => o._)).toContain("mt_pong");
}, 90_000);

afterAll(async () => {
  await gram?.destroy().catch(() => {});
});

describe("MTProto over HTTP", () => {
  it("a request with http_wait is held until a message comes, and answered with it", async () => {
    const sender = await signUp(srv, "Sender");
    const { user } = await sender.client.call("contacts.resolveUsername", { username });
    const held = post(http, httpWait(20_000));
    let answered = false;
    void held.then(() => {
      answered = true;
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(answered).toBe(false);
    await sender.client.call("messages.sendMessage", {
      peer: { _: "user", id: user.id },
      message: "over http",
      random_id: String(Date.now()),
    });
    const objs = await held;
    expect(shortMessages(objs)).toEqual(["over http"]);
    sender.client.close();
  }, 60_000);

  it("updates between requests ride on the next response; an idle http_wait ends with none after max_wait", async () => {
    const sender = await signUp(srv, "Later");
    const { user } = await sender.client.call("contacts.resolveUsername", { username });
    for (const text of ["one", "two", "three"]) {
      await sender.client.call("messages.sendMessage", {
        peer: { _: "user", id: user.id },
        message: text,
        random_id: String(Date.now()),
      });
    }
    // GramJS's socket got them pushed; the HTTP session gets them with its next answer, in order.
    const next = await post(http, ping());
    expect(next.map((o) => o._)).toContain("mt_pong");
    expect(shortMessages(next)).toEqual(["one", "two", "three"]);

    const t = Date.now();
    const idle = await post(http, httpWait(1500));
    expect(Date.now() - t).toBeGreaterThanOrEqual(1400);
    expect(shortMessages(idle)).toEqual([]);
    sender.client.close();
  }, 60_000);
});
