/**
 * GramJS (npm `telegram`, unchanged) pointed at the local server over WebSocket, for the MTProto e2e
 * files: the server's RSA key added, a client on DC 2, and a user signed up with a fresh number.
 */
import bigInt from "big-integer";
import { Logger, TelegramClient } from "telegram";
import { _serverKeys } from "telegram/crypto/RSA.js";
import { LogLevel } from "telegram/extensions/Logger.js";
import { ConnectionTCPObfuscated } from "telegram/network/connection/index.js";
import { MemorySession } from "telegram/sessions/index.js";
import { afterEach } from "vitest";
import { newPhone } from "../story.ts";
import { hostPort, localWebSockets, rsaPublicOf } from "./server-key.ts";

/** Adds the server's key (the PEM `npm start` prints) to GramJS's key map. */
export function addGramjsServerKey(pem: string): void {
  const k = rsaPublicOf(pem);
  _serverKeys.set(k.fingerprint.toString(), { n: bigInt(k.n.toString()), e: Number(k.e) });
}

/** The newest lines GramJS logged (debug level) for this file's clients: kept quiet, shown when a test fails. */
const kept: string[] = [];
const KEPT_LINES = 400;

class KeptLogger extends Logger {
  override log(level: LogLevel, message: string): void {
    kept.push(`${new Date().toISOString()} ${level} ${message}`);
    if (kept.length > KEPT_LINES) kept.shift();
  }
}

/** Prints GramJS's own log after a failed test, so a call that got no answer says what the client saw. */
export function showGramjsLogOnFailure(): void {
  afterEach((ctx) => {
    if (ctx.task.result?.state === "fail")
      console.error(`GramJS log, newest ${kept.length} lines:\n${kept.join("\n")}`);
    kept.length = 0;
  });
}

export function gramjsClient(serverUrl: string): TelegramClient {
  const { host, port } = hostPort(serverUrl);
  const client = new TelegramClient(new MemorySession(), 12345, "0123456789abcdef0123456789abcdef", {
    connection: ConnectionTCPObfuscated,
    networkSocket: localWebSockets(port),
    // The library's default retries: GramJS writes the auth key without its leading zero bytes, so one handshake
    // in 256 fails its own check against a server that keeps all 256 (Telegram's and tdlib's, and ours) and is retried.
    baseLogger: new KeptLogger(LogLevel.DEBUG),
  });
  client.session.setDC(2, host, port);
  return client;
}

/** Signs `client` up with a new number (the code from the server's dev route); answers the number. */
export async function gramjsSignUp(serverUrl: string, client: TelegramClient, first: string, last: string) {
  const phone = newPhone();
  await client.start({
    phoneNumber: phone,
    phoneCode: async () => {
      const res = await fetch(`${serverUrl}/dev/codes/${encodeURIComponent(phone)}`);
      return ((await res.json()) as { code: string }).code;
    },
    firstAndLastNames: async () => [first, last],
    onError: (e) => {
      throw e;
    },
  });
  return phone;
}
