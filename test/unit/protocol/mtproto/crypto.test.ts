/** Known answers and round trips for protocol/mtproto/crypto: provider, KDF, RSA, RSA_PAD, DH and pq. */
import { describe, expect, it } from "vitest";
import { bigIntToBytes, bytesToBigInt, isProbablePrime, modPow } from "../../../../protocol/mtproto/crypto/bigint.ts";
import {
  checkDhPrimeAndG,
  dhKeyPair,
  dhValueInRange,
  goodGenerator,
  TELEGRAM_DH_G,
  TELEGRAM_DH_PRIME,
} from "../../../../protocol/mtproto/crypto/dh.ts";
import {
  authKeyId,
  CLIENT_TO_SERVER,
  computeMsgKey,
  deriveMessageKeyIv,
  deriveTmpAesKeyIv,
  SERVER_TO_CLIENT,
} from "../../../../protocol/mtproto/crypto/kdf.ts";
import { nobleCryptoProvider as c } from "../../../../protocol/mtproto/crypto/noble.ts";
import { factorPq, pickPq } from "../../../../protocol/mtproto/crypto/pq.ts";
import {
  formatFingerprint,
  rsaDecryptPlain,
  rsaDecryptRaw,
  rsaEncryptRaw,
  rsaFingerprint,
  rsaKeyFromJwk,
  rsaKeyToJwk,
  rsaPublicKeyPem,
} from "../../../../protocol/mtproto/crypto/rsa.ts";
import {
  decodeRsaPad,
  decryptOldRsa,
  encodeOldRsa,
  encodeRsaPad,
  verifyOldRsa,
} from "../../../../protocol/mtproto/crypto/rsa-pad.ts";
import { testCryptoProvider } from "./crypto-conformance.ts";
import { hex, seededRandom, TEST_RSA_JWK, toHex } from "./fixtures.ts";

describe("noble provider conformance", () => testCryptoProvider(c));

describe("IGE against an independent AES (WebCrypto)", () => {
  it("matches an IGE built on WebCrypto's AES block for AES-256", async () => {
    const rnd = seededRandom("webcrypto-ige");
    const key = rnd(32);
    const iv = rnd(32);
    const data = rnd(160);
    const k = await crypto.subtle.importKey("raw", key, "AES-CBC", false, ["encrypt"]);
    // One AES-CBC block with a zero IV is the raw block function E.
    const encryptBlock = async (b: Uint8Array<ArrayBuffer>) =>
      new Uint8Array(await crypto.subtle.encrypt({ name: "AES-CBC", iv: new Uint8Array(16) }, k, b)).slice(0, 16);
    let prevC = iv.slice(0, 16);
    let prevP = iv.slice(16);
    const out: number[] = [];
    for (let o = 0; o < data.length; o += 16) {
      const p = data.slice(o, o + 16);
      const e = await encryptBlock(p.map((x, i) => x ^ prevC[i]!));
      const ci = e.map((x, i) => x ^ prevP[i]!);
      out.push(...ci);
      prevC = ci;
      prevP = p;
    }
    expect(toHex(c.aesIgeEncrypt(data, key, iv))).toBe(toHex(Uint8Array.from(out)));
  });
});

describe("MTProto 2.0 KDF", () => {
  const chunk = hex("98cb29c6ffa89e79da695a54f572e6cb101e81c688b63a4bf73c3622dec230e0");
  const authKey = new Uint8Array(256).map((_, i) => chunk[i % 32]!);
  const msgKey = hex("25d701f2a29205526757825a99eb2d32");

  it("derives key/iv for client→server messages (x = 0) as mtcute's vector", () => {
    const { key, iv } = deriveMessageKeyIv(c, authKey, msgKey, CLIENT_TO_SERVER);
    expect(toHex(key)).toBe("af3f8e1ffa75f4c981eec33a3e5bbaa2ea48f9bb93e91597627eb1f67960a0c9");
    expect(toHex(iv)).toBe("9874d77f95155b35221bff94b7df4594c6996e2a62e44fcb7d93c8c4e41b79ee");
  });

  it("derives key/iv for server→client messages (x = 8) as mtcute's vector", () => {
    const { key, iv } = deriveMessageKeyIv(c, authKey, msgKey, SERVER_TO_CLIENT);
    expect(toHex(key)).toBe("d4b378e1e0525f10ff9d4c42807ccce5b30a033a8088c0b922b5259421751648");
    expect(toHex(iv)).toBe("4d7194f42f0135d2fd83050b403265b4c40ee3e9e9fba56f0f4d8ea6bcb121f5");
  });

  it("derives the handshake's tmp AES key/iv from the nonces as mtcute's vector", () => {
    const { key, iv } = deriveTmpAesKeyIv(
      c,
      hex("3bf48b2d3152f383d82d1f2b32ac7fb5"),
      hex("8af24c551836e5ed7002f5857e6e71b2"),
    );
    expect(toHex(key)).toBe("b0b5ffeadff0249fa6292f5ae0351556fd6619ba5dd4809601669292456d3e5a");
    expect(toHex(iv)).toBe("13fef5bfd8c46b12dfd1753013b86cc012e1ce8ed6f8ecdd7bf36f3a3bf48b2d");
  });

  it("msg_key is the middle 128 bits of SHA-256 over auth_key[88+x : 120+x] + plaintext (checked with WebCrypto)", async () => {
    const plain = seededRandom("msgkey")(64);
    for (const x of [CLIENT_TO_SERVER, SERVER_TO_CLIENT]) {
      const input = new Uint8Array([...authKey.subarray(88 + x, 120 + x), ...plain]);
      const ref = new Uint8Array(await crypto.subtle.digest("SHA-256", input)).slice(8, 24);
      expect(toHex(computeMsgKey(c, authKey, plain, x))).toBe(toHex(ref));
    }
    expect(toHex(computeMsgKey(c, authKey, plain, 0))).not.toBe(toHex(computeMsgKey(c, authKey, plain, 8)));
  });

  it("auth_key_id is the lower 64 bits of SHA-1(auth_key), little-endian", () => {
    const h = c.sha1(authKey);
    expect(authKeyId(c, authKey)).toBe(bytesToBigInt(h.slice(12).reverse()));
  });

  it("refuses keys of the wrong size", () => {
    expect(() => computeMsgKey(c, new Uint8Array(255), new Uint8Array(16), 0)).toThrow(RangeError);
    expect(() => deriveMessageKeyIv(c, authKey, new Uint8Array(15), 0)).toThrow(RangeError);
  });
});

describe("RSA", () => {
  const key = rsaKeyFromJwk(TEST_RSA_JWK);

  it("the fingerprint of Telegram's production key is its published 0xd09d1d85de64fd85", () => {
    const n = BigInt(
      "0xE8BB3305C0B52C6CF2AFDF7637313489E63E05268E5BADB601AF417786472E5F93B85438968E20E6729A301C0AFC121BF7151F834436F7FDA680847A66BF64ACCEC78EE21C0B316F0EDAFE2F41908DA7BD1F4A5107638EEB67040ACE472A14F90D9F7C2B7DEF99688BA3073ADB5750BB02964902A359FE745D8170E36876D4FD8A5D41B2A76CBFF9A13267EB9580B2D06D10357448D20D9DA2191CB5D8C93982961CDFDEDA629E37F1FB09A0722027696032FE61ED663DB7A37F6F263D370F69DB53A0DC0A1748BDAAFF6209D5645485E6E001D1953255757E4B8E42813347B11DA6AB500FD0ACE7E6DFA3736199CCAF9397ED0745A427DCFA6CD67BCB1ACFF3",
    );
    const fp = rsaFingerprint(c, { n, e: 65537n });
    expect(fp).toBe(0xd09d1d85de64fd85n);
    expect(formatFingerprint(fp)).toEqual({ signed: "-3414540481677951611", hex: "d09d1d85de64fd85" });
  });

  it("round-trips raw RSA, and the CRT path equals plain c^d mod n", () => {
    const rnd = seededRandom("rsa");
    for (let i = 0; i < 4; i++) {
      const m = rnd(255);
      const ct = rsaEncryptRaw(key, m);
      const crt = rsaDecryptRaw(key, ct);
      expect(toHex(crt!)).toBe(`00${toHex(m)}`);
      expect(toHex(rsaDecryptPlain(key, ct)!)).toBe(toHex(crt!));
    }
  });

  it("refuses ciphertexts that are not 256 bytes or not below n", () => {
    expect(rsaDecryptRaw(key, new Uint8Array(255))).toBeNull();
    expect(rsaDecryptRaw(key, new Uint8Array(256).fill(0xff))).toBeNull();
    expect(rsaDecryptRaw(key, bigIntToBytes(key.n, 256))).toBeNull();
  });

  it("JWK round-trips and a corrupted key is refused at load", () => {
    expect(rsaKeyFromJwk(rsaKeyToJwk(key))).toEqual(key);
    expect(() => rsaKeyFromJwk({ ...TEST_RSA_JWK, q: TEST_RSA_JWK.p })).toThrow(RangeError);
    expect(() => rsaKeyFromJwk({ ...TEST_RSA_JWK, dp: TEST_RSA_JWK.dq })).toThrow(RangeError);
    expect(() => rsaKeyFromJwk({ ...TEST_RSA_JWK, n: "!!" })).toThrow(RangeError);
  });

  it("exports PKCS#1 PEM that WebCrypto reads back as the same key (via SPKI wrapping)", async () => {
    const pem = rsaPublicKeyPem(key);
    expect(pem.startsWith("-----BEGIN RSA PUBLIC KEY-----\n")).toBe(true);
    const der = Uint8Array.from(atob(pem.split("\n").slice(1, -2).join("")), (ch) => ch.charCodeAt(0));
    // SPKI = SEQUENCE { AlgorithmIdentifier rsaEncryption, BIT STRING { RSAPublicKey } }
    const alg = hex("300d06092a864886f70d0101010500");
    const bitString = new Uint8Array([0x03, 0x82, (der.length + 1) >> 8, (der.length + 1) & 0xff, 0, ...der]);
    const body = new Uint8Array([...alg, ...bitString]);
    const spki = new Uint8Array([0x30, 0x82, body.length >> 8, body.length & 0xff, ...body]);
    const imported = await crypto.subtle.importKey("spki", spki, { name: "RSA-OAEP", hash: "SHA-256" }, true, [
      "encrypt",
    ]);
    const jwk = (await crypto.subtle.exportKey("jwk", imported)) as { n?: string; e?: string };
    expect(jwk.n).toBe(TEST_RSA_JWK.n);
    expect(jwk.e).toBe(TEST_RSA_JWK.e);
  });
});

describe("RSA_PAD and the old RSA scheme", () => {
  const key = rsaKeyFromJwk(TEST_RSA_JWK);

  it("decodes what the client side encodes, for data up to 144 bytes", () => {
    const rnd = seededRandom("rsa-pad");
    for (const n of [0, 1, 96, 144]) {
      const data = rnd(n);
      const out = decodeRsaPad(c, key, encodeRsaPad(c, key, data, rnd));
      expect(out?.length).toBe(192);
      expect(toHex(out!.subarray(0, n))).toBe(toHex(data));
    }
    expect(() => encodeRsaPad(c, key, new Uint8Array(145), rnd)).toThrow(RangeError);
  });

  it("refuses a tampered RSA_PAD ciphertext, and random ciphertexts", () => {
    const rnd = seededRandom("rsa-pad-bad");
    const good = encodeRsaPad(c, key, rnd(100), rnd);
    const bad = good.slice();
    bad[200]! ^= 1;
    expect(decodeRsaPad(c, key, bad)).toBeNull();
    for (let i = 0; i < 5; i++) {
      const junk = rnd(256);
      junk[0] = 0x10; // below n, so it decrypts to noise rather than being refused early
      expect(decodeRsaPad(c, key, junk)).toBeNull();
    }
  });

  it("decrypts and verifies the old SHA-1 scheme once the data length is known", () => {
    const rnd = seededRandom("old-rsa");
    const data = rnd(96);
    const dec = decryptOldRsa(key, encodeOldRsa(c, key, data, rnd));
    expect(dec).not.toBeNull();
    expect(toHex(dec!.rest.subarray(0, 96))).toBe(toHex(data));
    expect(verifyOldRsa(c, dec!, 96)).toBe(true);
    expect(verifyOldRsa(c, dec!, 95)).toBe(false);
    expect(verifyOldRsa(c, dec!, 0)).toBe(false);
    expect(verifyOldRsa(c, dec!, 10_000)).toBe(false);
  });
});

describe("DH", () => {
  it("Telegram's prime is a 2048-bit safe prime and 3 is a good generator for it", () => {
    // Four random Miller–Rabin rounds per number (error < 2^-8 each way) keep the test short.
    expect(checkDhPrimeAndG(TELEGRAM_DH_PRIME, TELEGRAM_DH_G, seededRandom("dh"), 4)).toBe(true);
  }, 60_000);

  it("rejects bad generators and primes", () => {
    const rnd = seededRandom("dh-bad");
    const p = TELEGRAM_DH_PRIME;
    const bad = [2, 4, 5, 6, 7].filter((g) => !goodGenerator(p, g));
    expect(goodGenerator(p, 1)).toBe(false);
    expect(goodGenerator(p, 8)).toBe(false);
    expect(bad.length).toBeGreaterThan(0);
    for (const g of bad) expect(checkDhPrimeAndG(p, g, rnd, 4)).toBe(false);
    // p + 6 keeps p mod 3 (so g = 3 passes the cheap test) but is not a safe prime.
    expect(checkDhPrimeAndG(p + 6n, TELEGRAM_DH_G, rnd, 4)).toBe(false);
    expect(checkDhPrimeAndG(p >> 1n, TELEGRAM_DH_G, rnd, 4)).toBe(false);
  });

  it("range-checks g_a/g_b at the exact bounds", () => {
    const p = TELEGRAM_DH_PRIME;
    const m = 1n << 1984n;
    expect(dhValueInRange(m, p)).toBe(true);
    expect(dhValueInRange(m - 1n, p)).toBe(false);
    expect(dhValueInRange(p - m, p)).toBe(true);
    expect(dhValueInRange(p - m + 1n, p)).toBe(false);
    for (const v of [0n, 1n, 2n, p - 1n, p, p + 5n]) expect(dhValueInRange(v, p)).toBe(false);
  });

  it("both sides of a DH exchange derive the same key", () => {
    const p = TELEGRAM_DH_PRIME;
    const s = dhKeyPair(p, 3, seededRandom("dh-server"));
    const cl = dhKeyPair(p, 3, seededRandom("dh-client"));
    expect(dhValueInRange(s.gA, p)).toBe(true);
    expect(modPow(cl.gA, s.a, p)).toBe(modPow(s.gA, cl.a, p));
    const short = dhKeyPair(p, 3, seededRandom("dh-short"), 40);
    expect(short.a < 1n << 320n).toBe(true);
    expect(modPow(cl.gA, short.a, p)).toBe(modPow(short.gA, cl.a, p));
    expect(() => dhKeyPair(p, 3, seededRandom("x"), 8)).toThrow(RangeError);
  });
});

describe("pq", () => {
  it("factors the documented sample and picks p < q primes just below 2^31 that clients can factor", () => {
    expect(factorPq(0x17ed48941a08f981n)).toEqual({ p: 0x494c553bn, q: 0x53911073n });
    const rnd = seededRandom("pq");
    for (let i = 0; i < 5; i++) {
      const { pq, p, q } = pickPq(rnd);
      expect(p < q).toBe(true);
      expect(p * q).toBe(pq);
      expect(p >= 1n << 30n && q < 1n << 31n).toBe(true);
      expect(isProbablePrime(p, rnd) && isProbablePrime(q, rnd)).toBe(true);
      expect(factorPq(pq)).toEqual({ p, q });
    }
  });
});

describe("bigint helpers", () => {
  it("converts bytes and refuses values that do not fit", () => {
    expect(bytesToBigInt(hex("0102"))).toBe(0x102n);
    expect(toHex(bigIntToBytes(0x102n, 4))).toBe("00000102");
    expect(() => bigIntToBytes(0x10000n, 2)).toThrow(RangeError);
    expect(modPow(4n, 13n, 497n)).toBe(445n);
  });
});
