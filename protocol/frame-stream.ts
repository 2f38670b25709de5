/**
 * One connection's frames in one direction, in order: small frames sealed with XChaCha20-Poly1305
 * (synchronous, noble), frames from GCM_FROM_BYTES up with WebCrypto AES-256-GCM (asynchronous,
 * hardware AES). Both ends keep call order, so a small frame never overtakes an earlier big one.
 */
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { type Bytes, concatBytes, randomBytes, toHex, utf8 } from "./binary.ts";
import {
  decodePlaintext,
  encodePlaintext,
  FRAME_AAD_SIZE,
  FRAME_CIPHER_AES_GCM,
  FRAME_CIPHER_XCHACHA,
  FRAME_HEADER_SIZE,
  type FramePayload,
  frameCipher,
  openFrame,
  sealXChaChaPlaintext,
} from "./frame.ts";

export type FrameDirection = "c2s" | "s2c";
/** WebCrypto's key type, named through the global (not every tsconfig here has the DOM lib). */
type GcmKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

/** Plaintexts from this size up go by AES-256-GCM (bench/frame-cipher.ts measures the crossover). */
export const GCM_FROM_BYTES = 4096;
/**
 * Frames one GCM key seals before the sealer draws a fresh salt (so a fresh key): far inside
 * AES-GCM's limits, and the 64-bit counter in the nonce never wraps under one key.
 */
export const GCM_FRAMES_PER_KEY = 2 ** 32;
const SALT_SIZE = 16;
/** Keys an opener keeps: the peer changes salt only on a restart or after 2^32 frames. */
const OPENER_KEYS = 4;

/** The AES-256-GCM key for one salt: HKDF-SHA256 of the direction's key, labelled by direction. */
export function gcmKeyBytes(key: Uint8Array, dir: FrameDirection, salt: Uint8Array): Bytes {
  return hkdf(sha256, key, salt, utf8(`edgegram frame aes-256-gcm ${dir}`), 32) as Bytes;
}

function importGcmKey(key: Uint8Array, dir: FrameDirection, salt: Uint8Array): Promise<GcmKey> {
  return crypto.subtle.importKey("raw", gcmKeyBytes(key, dir, salt), "AES-GCM", false, ["encrypt", "decrypt"]);
}

/** The 96-bit GCM nonce: four zero bytes, then the frame's 64-bit big-endian counter. */
function gcmNonce(counter: Uint8Array): Bytes {
  return concatBytes(new Uint8Array(4), counter);
}

export class FrameSealer {
  private readonly key: Uint8Array;
  private readonly connKeyId: Uint8Array;
  private readonly dir: FrameDirection;
  private readonly gcmFrom: number;
  private salt = randomBytes(SALT_SIZE);
  private gcmKey: Promise<GcmKey> | null = null;
  private counter = 0;
  /** Frames sealed but not yet handed out; while any are, new ones queue behind them. */
  private queued = 0;
  private tail: Promise<void> = Promise.resolve();

  /** `gcmFrom`: plaintexts from this size up go by AES-GCM (Infinity: XChaCha only, for benches). */
  constructor(key: Uint8Array, connKeyId: Uint8Array, dir: FrameDirection, gcmFrom = GCM_FROM_BYTES) {
    this.key = key;
    this.connKeyId = connKeyId;
    this.dir = dir;
    this.gcmFrom = gcmFrom;
  }

  /**
   * Seals a frame and hands it to `out` after every frame sealed before it. A small frame with
   * nothing queued goes out at once, synchronously, as before AES-GCM existed.
   */
  send(p: Omit<FramePayload, "body">, json: Uint8Array, out: (frame: Bytes) => void): void {
    const plain = encodePlaintext(p, json);
    if (plain.length < this.gcmFrom && this.queued === 0) {
      out(sealXChaChaPlaintext(this.key, this.connKeyId, plain));
      return;
    }
    // Sealing starts now (in parallel with earlier ones); handing out waits its turn.
    const sealing = this.seal(plain);
    this.queued++;
    this.tail = this.tail.then(async () => {
      try {
        out(await sealing);
      } catch (e) {
        // WebCrypto failing is not expected; what needs an ack is resent from the outbox.
        console.error("frame seal failed", e);
      } finally {
        this.queued--;
      }
    });
  }

  /** Seals one frame with the cipher its size calls for (order is the caller's affair). */
  seal(plain: Uint8Array): Promise<Bytes> {
    if (plain.length < this.gcmFrom) return Promise.resolve(sealXChaChaPlaintext(this.key, this.connKeyId, plain));
    if (this.counter >= GCM_FRAMES_PER_KEY || !this.gcmKey) {
      if (this.gcmKey) this.salt = randomBytes(SALT_SIZE);
      this.counter = 0;
      this.gcmKey = importGcmKey(this.key, this.dir, this.salt);
    }
    // The counter is taken now, synchronously, so no two frames share a nonce under this key.
    const counter = new Uint8Array(8);
    new DataView(counter.buffer).setBigUint64(0, BigInt(this.counter++), false);
    const head = concatBytes(this.connKeyId, Uint8Array.of(FRAME_CIPHER_AES_GCM), this.salt, counter);
    return this.gcmKey.then(async (k) => {
      const sealed = await crypto.subtle.encrypt(
        { name: "AES-GCM", iv: gcmNonce(counter), additionalData: head.subarray(0, FRAME_AAD_SIZE) },
        k,
        plain as Bytes,
      );
      return concatBytes(head, new Uint8Array(sealed));
    });
  }
}

export class FrameOpener {
  private readonly key: Uint8Array;
  private readonly dir: FrameDirection;
  private readonly keys = new Map<string, Promise<GcmKey>>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(key: Uint8Array, dir: FrameDirection) {
    this.key = key;
    this.dir = dir;
  }

  /**
   * Opens a frame of either cipher. Results resolve in call order, so a caller that acts on
   * each as it resolves acts in arrival order. Null for anything forged, truncated or unparsable.
   */
  open(frame: Uint8Array<ArrayBuffer>): Promise<FramePayload | null> {
    const opening = this.openNow(frame);
    const inTurn = this.tail.then(() => opening);
    this.tail = inTurn;
    return inTurn;
  }

  private async openNow(frame: Uint8Array<ArrayBuffer>): Promise<FramePayload | null> {
    const cipher = frameCipher(frame);
    if (cipher === FRAME_CIPHER_XCHACHA) return openFrame(this.key, frame);
    if (cipher !== FRAME_CIPHER_AES_GCM) return null;
    const salt = frame.subarray(9, 9 + SALT_SIZE);
    try {
      const plain = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv: gcmNonce(frame.subarray(25, 33)), additionalData: frame.subarray(0, FRAME_AAD_SIZE) },
        await this.keyFor(salt),
        frame.subarray(FRAME_HEADER_SIZE),
      );
      return decodePlaintext(new Uint8Array(plain));
    } catch {
      return null;
    }
  }

  private keyFor(salt: Uint8Array): Promise<GcmKey> {
    const id = toHex(salt);
    let k = this.keys.get(id);
    if (!k) {
      k = importGcmKey(this.key, this.dir, salt);
      this.keys.set(id, k);
      if (this.keys.size > OPENER_KEYS) this.keys.delete(this.keys.keys().next().value as string);
    }
    return k;
  }
}

/** Opens one frame outside any connection's stream (the HTTP fallback: one frame per request). */
export function openAnyFrame(
  key: Uint8Array,
  dir: FrameDirection,
  frame: Uint8Array<ArrayBuffer>,
): Promise<FramePayload | null> {
  return new FrameOpener(key, dir).open(frame);
}
