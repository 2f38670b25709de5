/**
 * GramJS (npm `telegram`, unchanged) pointed at the local server over WebSocket, for the MTProto e2e
 * files: the server's RSA key added, a client on DC 2, and a user signed up with a fresh number.
 */
import bigInt from "big-integer";
import { TelegramClient } from "telegram";
import { _serverKeys } from "telegram/crypto/RSA.js";
import { ConnectionTCPObfuscated } from "telegram/network/connection/index.js";
import { MemorySession } from "telegram/sessions/index.js";
import { newPhone } from "../story.ts";
import { hostPort, localWebSockets, rsaPublicOf } from "./server-key.ts";

/** Adds the server's key (the PEM `npm start` prints) to GramJS's key map. */
export function addGramjsServerKey(pem: string): void {
  const k = rsaPublicOf(pem);
  _serverKeys.set(k.fingerprint.toString(), { n: bigInt(k.n.toString()), e: Number(k.e) });
}

export function gramjsClient(serverUrl: string): TelegramClient {
  const { host, port } = hostPort(serverUrl);
  const client = new TelegramClient(new MemorySession(), 12345, "0123456789abcdef0123456789abcdef", {
    connection: ConnectionTCPObfuscated,
    networkSocket: localWebSockets(port),
    connectionRetries: 1,
  });
  client.setLogLevel("none" as never);
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
