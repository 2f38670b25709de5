/**
 * GramJS (npm `telegram`, unchanged) against the local server over WebSocket /apiws, obfuscated as
 * Telegram Web sends it: only the server address and the added RSA key differ from talking to Telegram.
 */
import bigInt from "big-integer";
import { Api, TelegramClient } from "telegram";
import { _serverKeys } from "telegram/crypto/RSA.js";
import { ConnectionTCPObfuscated } from "telegram/network/connection/index.js";
import { MemorySession } from "telegram/sessions/index.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostPort, localWebSockets, rsaPublicOf } from "./server-key.ts";

const { host, port } = hostPort(inject("serverUrl"));
const clients: TelegramClient[] = [];

function gramjs(): TelegramClient {
  const client = new TelegramClient(new MemorySession(), 12345, "0123456789abcdef0123456789abcdef", {
    connection: ConnectionTCPObfuscated,
    networkSocket: localWebSockets(port),
    connectionRetries: 1,
    baseLogger: undefined,
  });
  client.setLogLevel("none" as never);
  client.session.setDC(2, host, port);
  clients.push(client);
  return client;
}

beforeAll(() => {
  const k = rsaPublicOf(inject("mtprotoPublicKeyPem"));
  _serverKeys.set(k.fingerprint.toString(), { n: bigInt(k.n.toString()), e: Number(k.e) });
});

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
});
