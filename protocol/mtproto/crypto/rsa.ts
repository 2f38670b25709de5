/**
 * The server's RSA key: its Telegram fingerprint, raw decryption with the private key (CRT), and the
 * forms it travels in (JWK in the Worker secret, PKCS#1 PEM for clients). Generation uses WebCrypto,
 * which only `npm run keys` needs.
 */
import { bigIntToBytes, bytesToBigInt, modPow } from "./bigint.ts";
import { concatBytes } from "./kdf.ts";
import type { CryptoProvider } from "./provider.ts";

export interface RsaPublicKey {
  n: bigint;
  e: bigint;
}

export interface RsaPrivateKey extends RsaPublicKey {
  d: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qInv: bigint;
}

/** The JWK fields of an RSA private key (base64url big-endian integers), as WebCrypto exports it. */
export interface RsaJwk {
  kty: "RSA";
  n: string;
  e: string;
  d: string;
  p: string;
  q: string;
  dp: string;
  dq: string;
  qi: string;
}

function b64uToBigInt(s: string): bigint {
  if (!/^[A-Za-z0-9_-]+$/.test(s)) throw new RangeError("invalid base64url");
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  const b = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) b[i] = bin.charCodeAt(i);
  return bytesToBigInt(b);
}

function bigIntToB64u(v: bigint): string {
  let bin = "";
  for (const x of bigIntToBytes(v)) bin += String.fromCharCode(x);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Parses and checks a JWK private key: a wrong secret must fail at start-up, not in a handshake. */
export function rsaKeyFromJwk(jwk: RsaJwk): RsaPrivateKey {
  const k: RsaPrivateKey = {
    n: b64uToBigInt(jwk.n),
    e: b64uToBigInt(jwk.e),
    d: b64uToBigInt(jwk.d),
    p: b64uToBigInt(jwk.p),
    q: b64uToBigInt(jwk.q),
    dp: b64uToBigInt(jwk.dp),
    dq: b64uToBigInt(jwk.dq),
    qInv: b64uToBigInt(jwk.qi),
  };
  if (k.p * k.q !== k.n) throw new RangeError("RSA key: p·q ≠ n");
  if (k.n >> 2047n !== 1n || k.n >> 2048n !== 0n) throw new RangeError("RSA key: n must be 2048 bits");
  if ((k.qInv * k.q) % k.p !== 1n) throw new RangeError("RSA key: qi is not q⁻¹ mod p");
  if (k.dp !== k.d % (k.p - 1n) || k.dq !== k.d % (k.q - 1n)) throw new RangeError("RSA key: bad CRT exponents");
  return k;
}

export function rsaKeyToJwk(k: RsaPrivateKey): RsaJwk {
  return {
    kty: "RSA",
    n: bigIntToB64u(k.n),
    e: bigIntToB64u(k.e),
    d: bigIntToB64u(k.d),
    p: bigIntToB64u(k.p),
    q: bigIntToB64u(k.q),
    dp: bigIntToB64u(k.dp),
    dq: bigIntToB64u(k.dq),
    qi: bigIntToB64u(k.qInv),
  };
}

/** A fresh 2048-bit key (e = 65537) from WebCrypto; async, so only for `npm run keys` and tests. */
export async function generateRsaKey(): Promise<RsaPrivateKey> {
  const pair = (await crypto.subtle.generateKey(
    { name: "RSA-OAEP", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["encrypt", "decrypt"],
  )) as { privateKey: Parameters<typeof crypto.subtle.exportKey>[1] };
  return rsaKeyFromJwk((await crypto.subtle.exportKey("jwk", pair.privateKey)) as RsaJwk);
}

/** TL `bytes` serialisation (length prefix, padding to 4), as the fingerprint hashes n and e. */
function tlBytes(b: Uint8Array): Uint8Array {
  const head = b.length <= 253 ? Uint8Array.of(b.length) : Uint8Array.of(254, b.length, b.length >> 8, b.length >> 16);
  const pad = (4 - ((head.length + b.length) % 4)) % 4;
  return concatBytes(head, b, new Uint8Array(pad));
}

/** Telegram's fingerprint: the lower 64 bits of SHA-1(rsa_public_key n:bytes e:bytes), without the constructor. */
export function rsaFingerprint(c: CryptoProvider, k: RsaPublicKey): bigint {
  const h = c.sha1(concatBytes(tlBytes(bigIntToBytes(k.n)), tlBytes(bigIntToBytes(k.e))));
  return new DataView(h.buffer, h.byteOffset, h.length).getBigUint64(12, true);
}

/** The fingerprint as clients print it: a signed 64-bit decimal (Telethon, GramJS) — and as hex. */
export function formatFingerprint(fp: bigint): { signed: string; hex: string } {
  return { signed: BigInt.asIntN(64, fp).toString(), hex: fp.toString(16).padStart(16, "0") };
}

/** Raw RSA with the public key: c = m^e mod n (clients and tests). */
export function rsaEncryptRaw(k: RsaPublicKey, m: Uint8Array): Uint8Array {
  const v = bytesToBigInt(m);
  if (v >= k.n) throw new RangeError("message ≥ modulus");
  return bigIntToBytes(modPow(v, k.e, k.n), 256);
}

/**
 * Raw RSA decryption m = c^d mod n through the CRT (two half-size exponentiations, ~3× faster).
 * Returns null for a ciphertext that is not 256 bytes or not below n: a hostile value, not a fault.
 */
export function rsaDecryptRaw(k: RsaPrivateKey, c: Uint8Array): Uint8Array | null {
  if (c.length !== 256) return null;
  const v = bytesToBigInt(c);
  if (v >= k.n) return null;
  const m1 = modPow(v % k.p, k.dp, k.p);
  const m2 = modPow(v % k.q, k.dq, k.q);
  const h = (k.qInv * (((m1 - m2) % k.p) + k.p)) % k.p;
  return bigIntToBytes(m2 + h * k.q, 256);
}

/** c^d mod n without the CRT: the reference the CRT path is tested against. */
export function rsaDecryptPlain(k: RsaPrivateKey, c: Uint8Array): Uint8Array | null {
  if (c.length !== 256) return null;
  const v = bytesToBigInt(c);
  if (v >= k.n) return null;
  return bigIntToBytes(modPow(v, k.d, k.n), 256);
}

/** DER INTEGER content: big-endian, with a leading 0 when the top bit is set. */
function derInteger(v: bigint): Uint8Array {
  const b = bigIntToBytes(v);
  return derTlv(0x02, (b[0] ?? 0) & 0x80 ? concatBytes(Uint8Array.of(0), b) : b);
}

function derTlv(tag: number, body: Uint8Array): Uint8Array {
  const n = body.length;
  const len = n < 0x80 ? Uint8Array.of(n) : n < 0x100 ? Uint8Array.of(0x81, n) : Uint8Array.of(0x82, n >> 8, n & 0xff);
  return concatBytes(Uint8Array.of(tag), len, body);
}

/** The public key as PKCS#1 PEM (`-----BEGIN RSA PUBLIC KEY-----`), the form Telegram publishes its keys in. */
export function rsaPublicKeyPem(k: RsaPublicKey): string {
  const der = derTlv(0x30, concatBytes(derInteger(k.n), derInteger(k.e)));
  let bin = "";
  for (const x of der) bin += String.fromCharCode(x);
  const lines = btoa(bin).match(/.{1,64}/g) ?? [];
  return `-----BEGIN RSA PUBLIC KEY-----\n${lines.join("\n")}\n-----END RSA PUBLIC KEY-----\n`;
}
