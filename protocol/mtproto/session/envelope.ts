/**
 * The MTProto 2.0 packet envelope. Encrypted: auth_key_id(8) msg_key(16) AES-IGE{salt(8)
 * session_id(8) msg_id(8) seq_no(4) length(4) body padding(12–1024, total ≡ 0 mod 16)}. Plain (key
 * exchange only): auth_key_id = 0, msg_id(8), length(4), body. Direction is a parameter: the server
 * opens with CLIENT_TO_SERVER and seals with SERVER_TO_CLIENT; clients the reverse.
 */
import { equalBytes } from "../../binary.ts";
import { computeMsgKey, type Direction, deriveMessageKeyIv } from "../crypto/kdf.ts";
import type { CryptoProvider, RandomSource } from "../crypto/provider.ts";
import { EnvelopeError } from "../errors.ts";

export interface EnvelopeMessage {
  salt: bigint;
  sessionId: bigint;
  msgId: bigint;
  seqNo: number;
  body: Uint8Array;
}

export const MIN_PADDING = 12;
export const MAX_PADDING = 1024;
const HEADER = 32; // salt, session_id, msg_id, seq_no, length

/** The auth_key_id a packet is addressed to (0n for a plain message), or null if it is too short. */
export function packetAuthKeyId(packet: Uint8Array): bigint | null {
  if (packet.length < 8) return null;
  return new DataView(packet.buffer, packet.byteOffset, 8).getBigUint64(0, true);
}

export interface SealOptions {
  /** Extra random 16-byte blocks of padding, 0..n (hides lengths; MTProto allows up to 1024 bytes). */
  extraPaddingBlocks?: number;
}

/** Encrypts one message. The server calls it with SERVER_TO_CLIENT. */
export function sealMessage(
  c: CryptoProvider,
  authKey: Uint8Array,
  authKeyId: bigint,
  m: EnvelopeMessage,
  x: Direction,
  random: RandomSource,
  opts: SealOptions = {},
): Uint8Array {
  if (m.body.length % 4 !== 0) throw new RangeError("message bodies are whole 4-byte words");
  const unpadded = HEADER + m.body.length;
  const extra = opts.extraPaddingBlocks ? (random(1)[0]! % (opts.extraPaddingBlocks + 1)) * 16 : 0;
  const pad = MIN_PADDING + ((16 - ((unpadded + MIN_PADDING) % 16)) % 16) + extra;
  const plain = new Uint8Array(unpadded + pad);
  const v = new DataView(plain.buffer);
  v.setBigInt64(0, BigInt.asIntN(64, m.salt), true);
  v.setBigInt64(8, BigInt.asIntN(64, m.sessionId), true);
  v.setBigInt64(16, BigInt.asIntN(64, m.msgId), true);
  v.setInt32(24, m.seqNo, true);
  v.setInt32(28, m.body.length, true);
  plain.set(m.body, HEADER);
  plain.set(random(pad), unpadded);
  const msgKey = computeMsgKey(c, authKey, plain, x);
  const { key, iv } = deriveMessageKeyIv(c, authKey, msgKey, x);
  const out = new Uint8Array(24 + plain.length);
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, authKeyId), true);
  out.set(msgKey, 8);
  out.set(c.aesIgeEncrypt(plain, key, iv), 24);
  return out;
}

export interface OpenOptions {
  /** Padded intermediate appends 0–15 bytes after the packet: ignore a tail that is not a whole block. */
  transportPadding?: boolean;
}

/**
 * Decrypts and verifies one message. The server calls it with CLIENT_TO_SERVER. Every failure is an
 * EnvelopeError to drop and log; the msg_key is compared before anything decrypted is trusted.
 */
export function openMessage(
  c: CryptoProvider,
  authKey: Uint8Array,
  authKeyId: bigint,
  packet: Uint8Array,
  x: Direction,
  opts: OpenOptions = {},
): EnvelopeMessage {
  if (packet.length < 24 + HEADER + MIN_PADDING + 4) throw new EnvelopeError("PACKET_TOO_SHORT", `${packet.length}`);
  if (packetAuthKeyId(packet) !== BigInt.asUintN(64, authKeyId)) throw new EnvelopeError("AUTH_KEY_MISMATCH");
  let encLen = packet.length - 24;
  if (encLen % 16 !== 0) {
    if (!opts.transportPadding) throw new EnvelopeError("PACKET_MISALIGNED", `${encLen}`);
    encLen -= encLen % 16;
  }
  const msgKey = packet.subarray(8, 24);
  const { key, iv } = deriveMessageKeyIv(c, authKey, msgKey, x);
  const plain = c.aesIgeDecrypt(packet.subarray(24, 24 + encLen), key, iv);
  if (!equalBytes(computeMsgKey(c, authKey, plain, x), msgKey)) throw new EnvelopeError("BAD_MSG_KEY");
  const v = new DataView(plain.buffer, plain.byteOffset, plain.length);
  const len = v.getInt32(28, true);
  if (len < 0 || len % 4 !== 0 || len > plain.length - HEADER - MIN_PADDING)
    throw new EnvelopeError("BAD_LENGTH", `${len}`);
  const pad = plain.length - HEADER - len;
  if (pad < MIN_PADDING || pad > MAX_PADDING) throw new EnvelopeError("BAD_PADDING", `${pad}`);
  return {
    salt: v.getBigInt64(0, true),
    sessionId: v.getBigInt64(8, true),
    msgId: v.getBigInt64(16, true),
    seqNo: v.getInt32(24, true),
    body: plain.slice(HEADER, HEADER + len),
  };
}

/** A plain (unencrypted) message: only key exchange uses them. */
export function encodePlainMessage(msgId: bigint, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(20 + body.length);
  const v = new DataView(out.buffer);
  v.setBigInt64(8, BigInt.asIntN(64, msgId), true);
  v.setInt32(16, body.length, true);
  out.set(body, 20);
  return out;
}

/** Reads a plain message; trailing bytes past `length` (transport padding) are ignored. */
export function decodePlainMessage(packet: Uint8Array): { msgId: bigint; body: Uint8Array } {
  if (packet.length < 24) throw new EnvelopeError("PACKET_TOO_SHORT", `${packet.length}`);
  const v = new DataView(packet.buffer, packet.byteOffset, packet.length);
  if (v.getBigUint64(0, true) !== 0n) throw new EnvelopeError("NOT_PLAIN");
  const len = v.getInt32(16, true);
  if (len < 4 || len % 4 !== 0 || len > packet.length - 20) throw new EnvelopeError("BAD_LENGTH", `${len}`);
  return { msgId: v.getBigInt64(8, true), body: packet.slice(20, 20 + len) };
}
