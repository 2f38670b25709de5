/**
 * Encrypted frames: `conn_key_id(8) | cipher(1) | nonce(24) | AEAD(plaintext)` with the first
 * nine bytes as associated data. The plaintext carries
 * `session_id(8) | msg_id(8) | seq_no(4) | json_len(4) | json | blob`. This module holds the
 * plaintext layout and the synchronous XChaCha20-Poly1305 cipher; frame-stream.ts adds AES-256-GCM.
 */
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { type Bytes, concatBytes, fromUtf8, randomBytes, utf8 } from "./binary.ts";

/** The cipher byte: which AEAD sealed the frame, so a frame is never opened with the wrong one. */
export const FRAME_CIPHER_XCHACHA = 1;
export const FRAME_CIPHER_AES_GCM = 2;
/** conn_key_id, cipher byte and 24 bytes of nonce material (the same length for both ciphers). */
export const FRAME_HEADER_SIZE = 8 + 1 + 24;
export const FRAME_AAD_SIZE = 9;
export const FRAME_TAG_SIZE = 16;
const PLAIN_HEADER_SIZE = 24;
/** Workers accept WebSocket messages up to 1 MiB; a 512 KiB part plus JSON fits. */
export const MAX_FRAME_SIZE = 1024 * 1024;

export interface FramePayload {
  sessionId: bigint;
  msgId: bigint;
  seqNo: number;
  /** The transport message (see transport.ts), as parsed JSON. */
  body: unknown;
  /** Raw bytes riding beside the JSON (file parts), empty when none. */
  blob: Uint8Array;
}

/** The plaintext of a frame whose body is already UTF-8 JSON. */
export function encodePlaintext(p: Omit<FramePayload, "body">, json: Uint8Array): Bytes {
  const plain = new Uint8Array(PLAIN_HEADER_SIZE + json.length + p.blob.length);
  const view = new DataView(plain.buffer);
  view.setBigUint64(0, p.sessionId, false);
  view.setBigUint64(8, p.msgId, false);
  view.setUint32(16, p.seqNo, false);
  view.setUint32(20, json.length, false);
  plain.set(json, PLAIN_HEADER_SIZE);
  plain.set(p.blob, PLAIN_HEADER_SIZE + json.length);
  return plain;
}

/** Parses an authenticated plaintext; null when its JSON length or JSON is wrong. */
export function decodePlaintext(plain: Uint8Array): FramePayload | null {
  if (plain.length < PLAIN_HEADER_SIZE) return null;
  const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
  const jsonLen = view.getUint32(20, false);
  if (PLAIN_HEADER_SIZE + jsonLen > plain.length) return null;
  let body: unknown;
  try {
    body = JSON.parse(fromUtf8(plain.subarray(PLAIN_HEADER_SIZE, PLAIN_HEADER_SIZE + jsonLen)));
  } catch {
    return null;
  }
  return {
    sessionId: view.getBigUint64(0, false),
    msgId: view.getBigUint64(8, false),
    seqNo: view.getUint32(16, false),
    body,
    blob: plain.slice(PLAIN_HEADER_SIZE + jsonLen),
  };
}

export function sealFrame(key: Uint8Array, connKeyId: Uint8Array, p: FramePayload): Bytes {
  return sealEncodedFrame(key, connKeyId, p, utf8(JSON.stringify(p.body)));
}

/**
 * sealFrame for a body already encoded as UTF-8 JSON: a push to many devices encodes its
 * updates once and seals the same bytes under each connection's key.
 */
export function sealEncodedFrame(
  key: Uint8Array,
  connKeyId: Uint8Array,
  p: Omit<FramePayload, "body">,
  json: Uint8Array,
): Bytes {
  return sealXChaChaPlaintext(key, connKeyId, encodePlaintext(p, json));
}

export function sealXChaChaPlaintext(key: Uint8Array, connKeyId: Uint8Array, plain: Uint8Array): Bytes {
  const aad = concatBytes(connKeyId, Uint8Array.of(FRAME_CIPHER_XCHACHA));
  const nonce = randomBytes(24);
  return concatBytes(aad, nonce, xchacha20poly1305(key, nonce, aad).encrypt(plain));
}

/** The key id a frame names, or null when the frame is too short to carry one. */
export function frameKeyId(frame: Uint8Array): Uint8Array | null {
  return frame.length < FRAME_HEADER_SIZE + FRAME_TAG_SIZE + PLAIN_HEADER_SIZE ? null : frame.subarray(0, 8);
}

/** The frame's cipher byte, or null when the frame is too short or too long to be one. */
export function frameCipher(frame: Uint8Array): number | null {
  if (frame.length > MAX_FRAME_SIZE || frameKeyId(frame) === null) return null;
  return frame[8] ?? null;
}

/**
 * Decrypts and parses an XChaCha20-Poly1305 frame. Returns null for anything that fails
 * authentication, does not parse, or names another cipher (FrameOpener opens those): such
 * frames are dropped, never answered, so an attacker learns nothing from flipping bits.
 */
export function openFrame(key: Uint8Array, frame: Uint8Array): FramePayload | null {
  if (frameCipher(frame) !== FRAME_CIPHER_XCHACHA) return null;
  try {
    const plain = xchacha20poly1305(key, frame.subarray(9, 33), frame.subarray(0, FRAME_AAD_SIZE)).decrypt(
      frame.subarray(FRAME_HEADER_SIZE),
    );
    return decodePlaintext(plain);
  } catch {
    return null;
  }
}
