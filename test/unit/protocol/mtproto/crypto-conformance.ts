/**
 * testCryptoProvider: the one conformance suite every CryptoProvider passes (hash, IGE and CTR
 * known answers, streaming and round trips, argument checks).
 */
import { expect, it } from "vitest";
import type { CryptoProvider } from "../../../../protocol/mtproto/crypto/provider.ts";
import { hex, seededRandom, toHex } from "./fixtures.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);

export function testCryptoProvider(c: CryptoProvider): void {
  it("computes SHA-1 and SHA-256 known answers", () => {
    expect(toHex(c.sha1(utf8("")))).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    expect(toHex(c.sha1(utf8("hello")))).toBe("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d");
    expect(toHex(c.sha1(hex("aebb1f")))).toBe("62849d15c5dea495916c5eea8dba5f9551288850");
    expect(toHex(c.sha256(utf8("")))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(toHex(c.sha256(hex("aebb1f")))).toBe("2d29658aba48f2b286fe8bbddb931b7ad297e5adb5b9a6fc3aab67ef7fbf4e80");
  });

  it("AES-256-IGE matches the known vector both ways (mtcute's test vector)", () => {
    const key = hex("5468697320697320616E20696D706C655468697320697320616E20696D706C65");
    const iv = hex("6D656E746174696F6E206F6620494745206D6F646520666F72204F70656E5353");
    const plain = hex("99706487a1cde613bc6de0b6f24b1c7aa448c8b9c3403e3467a8cad89340f53b");
    const cipher = "792ea8ae577b1a66cb3bd92679b8030ca54ee631976bd3a04547fdcb4639fa69";
    expect(toHex(c.aesIgeEncrypt(plain, key, iv))).toBe(cipher);
    expect(toHex(c.aesIgeDecrypt(hex(cipher), key, iv))).toBe(toHex(plain));
  });

  it("AES-128-IGE matches OpenSSL's published vector", () => {
    const key = hex("000102030405060708090a0b0c0d0e0f");
    const iv = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    const out = c.aesIgeEncrypt(new Uint8Array(32), key, iv);
    expect(toHex(out)).toBe("1a8519a6557be652e9da8e43da4ef4453cf456b4ca488aa383c79c98b34797cb");
    expect(toHex(c.aesIgeDecrypt(out, key, iv))).toBe("00".repeat(32));
  });

  it("IGE round-trips random data of many lengths and reads unaligned subarrays", () => {
    const rnd = seededRandom("ige");
    for (const n of [0, 16, 32, 48, 1024, 4096 + 16]) {
      const key = rnd(32);
      const iv = rnd(32);
      const backing = rnd(n + 3);
      const data = backing.subarray(3); // deliberately not 4-byte aligned
      const enc = c.aesIgeEncrypt(data, key, iv);
      expect(enc.length).toBe(n);
      if (n > 0) expect(toHex(enc)).not.toBe(toHex(data));
      expect(toHex(c.aesIgeDecrypt(enc, key, iv))).toBe(toHex(data));
    }
  });

  it("IGE refuses lengths that are not whole blocks and wrong key/iv sizes", () => {
    expect(() => c.aesIgeEncrypt(new Uint8Array(15), new Uint8Array(32), new Uint8Array(32))).toThrow(RangeError);
    expect(() => c.aesIgeDecrypt(new Uint8Array(16), new Uint8Array(31), new Uint8Array(32))).toThrow(RangeError);
    expect(() => c.aesIgeEncrypt(new Uint8Array(16), new Uint8Array(32), new Uint8Array(16))).toThrow(RangeError);
  });

  it("AES-256-CTR streams the known vector across calls, and decrypts with a fresh instance", () => {
    const key = hex("d450aae0bf0060a4af1044886b42a13f7c506b35255d134a7e87ab3f23a9493b");
    const iv = hex("0182de2bd789c295c3c6c875c5e9e190");
    const data = hex("7baae571e4c2f4cfadb1931d5923aca7");
    const expected = [
      "df5647dbb70bc393f2fb05b72f42286f",
      "3917147082672516b3177150129bc579",
      "2a7a9089270a5de45d5e3dd399cac725",
      "56d085217771398ac13583de4d677dd8",
      "cc639b488126cf36e79c4515e8012b92",
      "01384d100646cd562cc5586ec3f8f8c4",
    ];
    const enc = c.createAesCtr(key, iv);
    for (const e of expected) expect(toHex(enc.process(data))).toBe(e);
    const dec = c.createAesCtr(key, iv);
    for (const e of expected) expect(toHex(dec.process(hex(e)))).toBe(toHex(data));
  });

  it("CTR gives the same stream however the input is split", () => {
    const rnd = seededRandom("ctr");
    const key = rnd(32);
    const iv = rnd(16);
    const data = rnd(1000);
    const whole = c.createAesCtr(key, iv).process(data);
    const pieces = c.createAesCtr(key, iv);
    const parts: Uint8Array[] = [];
    for (let o = 0, step = 1; o < data.length; o += step, step = (step * 7) % 61 || 1) {
      parts.push(pieces.process(data.subarray(o, Math.min(data.length, o + step))));
    }
    expect(toHex(Uint8Array.from(parts.flatMap((p) => [...p])))).toBe(toHex(whole));
  });

  it("CTR carries the counter over 2^64 block boundaries as a 128-bit big-endian number", () => {
    const key = new Uint8Array(32);
    const iv = hex("0000000000000000ffffffffffffffff");
    const stream = c.createAesCtr(key, iv).process(new Uint8Array(32));
    const next = c.createAesCtr(key, hex("00000000000000010000000000000000")).process(new Uint8Array(16));
    expect(toHex(stream.subarray(16))).toBe(toHex(next));
  });
}
