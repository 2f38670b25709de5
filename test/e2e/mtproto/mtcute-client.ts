/**
 * mtcute (@mtcute/node, unchanged, its default TCP transport) pointed at the local server through the
 * dev TCP relay to /apiws (scripts/tcp-relay.ts): only the server address and the added RSA key differ
 * from talking to Telegram. Shared by the MTProto e2e tests and the browser tests.
 */
import { createHash } from "node:crypto";
import { MemoryStorage, type tl } from "@mtcute/core";
import { parsePublicKey } from "@mtcute/core/utils.js";
import { TelegramClient } from "@mtcute/node";
// mtcute's key index, which its docs call mutable; not in the package's exports, so reached by path.
import { __publicKeyIndex } from "../../../node_modules/@mtcute/core/tl/binary/rsa-keys.js";

export interface MtcuteServer {
  url: string;
  tcpPort: number;
  publicKeyPem: string;
}

/**
 * Adds the server's key. addPublicKey indexes the fingerprint zero-padded, while the lookup of the
 * server's fingerprints (findKeyByFingerprints) does not pad: a key whose fingerprint starts with a 0
 * nibble, as the dev key's does, is never found. So it is indexed both ways.
 */
export function addServerKey(pem: string): void {
  const sha1 = (d: Uint8Array) => new Uint8Array(createHash("sha1").update(d).digest());
  const key = parsePublicKey({ sha1 } as never, pem);
  __publicKeyIndex[key.fingerprint] = key;
  __publicKeyIndex[key.fingerprint.replace(/^0+/, "")] = key;
}

export async function devCode(serverUrl: string, phone: string): Promise<string> {
  const res = await fetch(`${serverUrl}/dev/codes/${encodeURIComponent(phone)}`);
  if (!res.ok) throw new Error(`no dev code for ${phone}: ${res.status}`);
  return ((await res.json()) as { code: string }).code;
}

export function mtcuteClient(srv: MtcuteServer, opts: { usePfs?: boolean } = {}): TelegramClient {
  addServerKey(srv.publicKeyPem);
  const dc = { id: 2, ipAddress: "127.0.0.1", port: srv.tcpPort };
  return new TelegramClient({
    ...(opts.usePfs ? { network: { usePfs: true } } : {}),
    apiId: 12345,
    apiHash: "0123456789abcdef0123456789abcdef",
    storage: new MemoryStorage(),
    defaultDcs: { main: dc, media: dc },
    logLevel: Number(process.env.MTCUTE_LOG_LEVEL ?? 0),
  });
}

/** A new number: sendCode, signIn answers signUpRequired, auth.signUp (mtcute's start() has no sign-up). */
export async function mtcuteSignUp(
  srv: MtcuteServer,
  client: TelegramClient,
  phone: string,
  firstName: string,
): Promise<void> {
  const sent = await client.sendCode({ phone });
  if (!("phoneCodeHash" in sent)) throw new Error("expected a sent code");
  const phoneCodeHash = sent.phoneCodeHash;
  const phoneCode = await devCode(srv.url, phone);
  const res = await client.call({ _: "auth.signIn", phoneNumber: phone, phoneCodeHash, phoneCode });
  if (res._ !== "auth.authorizationSignUpRequired") throw new Error(`expected sign-up, got ${res._}`);
  const auth = await client.call({ _: "auth.signUp", phoneNumber: phone, phoneCodeHash, firstName, lastName: "" });
  await client.notifyLoggedIn(auth as tl.auth.TypeAuthorization);
}
