/** The local server's MTProto RSA key as each client library wants it added (from the PEM `npm start` prints). */
import { createPublicKey } from "node:crypto";
import { PromisedWebSockets } from "telegram/extensions/index.js";
import { nobleCryptoProvider } from "../../../protocol/mtproto/crypto/noble.ts";
import { rsaFingerprint } from "../../../protocol/mtproto/crypto/rsa.ts";

const b64uToBigInt = (s: string) => BigInt(`0x${Buffer.from(s, "base64url").toString("hex")}`);

export function rsaPublicOf(pem: string): { n: bigint; e: bigint; fingerprint: bigint } {
  const jwk = createPublicKey(pem).export({ format: "jwk" }) as { n: string; e: string };
  const k = { n: b64uToBigInt(jwk.n), e: b64uToBigInt(jwk.e) };
  return { ...k, fingerprint: BigInt.asIntN(64, rsaFingerprint(nobleCryptoProvider, k)) };
}

/** host and port of the local server. */
export function hostPort(serverUrl: string): { host: string; port: number } {
  const u = new URL(serverUrl);
  return { host: u.hostname, port: Number(u.port) };
}

/**
 * GramJS dials WebSocket DCs on port 80 (443 with useWSS), as Telegram's are; a local server listens
 * elsewhere, so its socket class is told the port. A deployed server needs none of this (useWSS: true).
 */
export function localWebSockets(port: number): typeof PromisedWebSockets {
  return class extends PromisedWebSockets {
    override getWebSocketLink(ip: string): string {
      return `ws://${ip}:${port}/apiws`;
    }
  };
}
