/**
 * msg_container both ways, read and written at the envelope level (no TL objects inside are
 * decoded): `msg_container#73f1f8dc messages:vector<%Message>`, each message msg_id:long seqno:int
 * bytes:int body. Hostile containers are bounded: count, sizes, alignment, no nesting.
 */
import { EnvelopeError } from "../errors.ts";

export const MSG_CONTAINER_ID = 0x73f1f8dc;
/** Telegram refuses containers of more than 1020 messages. */
export const MAX_CONTAINER_MESSAGES = 1020;

export interface InnerMessage {
  msgId: bigint;
  seqNo: number;
  body: Uint8Array;
}

export const isContainer = (body: Uint8Array): boolean =>
  body.length >= 4 && new DataView(body.buffer, body.byteOffset, 4).getUint32(0, true) === MSG_CONTAINER_ID;

/** The messages of a container body; EnvelopeError BAD_CONTAINER for anything malformed. */
export function unpackContainer(body: Uint8Array): InnerMessage[] {
  const v = new DataView(body.buffer, body.byteOffset, body.length);
  const fail = (why: string): never => {
    throw new EnvelopeError("BAD_CONTAINER", why);
  };
  if (body.length < 8 || v.getUint32(0, true) !== MSG_CONTAINER_ID) fail("not a container");
  const count = v.getInt32(4, true);
  if (count < 0 || count > MAX_CONTAINER_MESSAGES) fail(`count ${count}`);
  if (count * 16 > body.length - 8) fail("count larger than the body");
  const out: InnerMessage[] = [];
  let o = 8;
  for (let i = 0; i < count; i++) {
    if (o + 16 > body.length) fail("truncated header");
    const msgId = v.getBigInt64(o, true);
    const seqNo = v.getInt32(o + 8, true);
    const len = v.getInt32(o + 12, true);
    o += 16;
    if (len < 4 || len % 4 !== 0 || len > body.length - o) fail(`bad length ${len}`);
    const inner = body.slice(o, o + len);
    if (isContainer(inner)) fail("nested container");
    out.push({ msgId, seqNo, body: inner });
    o += len;
  }
  if (o !== body.length) fail("trailing bytes");
  const ids = new Set(out.map((m) => m.msgId));
  if (ids.size !== out.length) fail("duplicate msg_id inside");
  return out;
}

export function packContainer(messages: InnerMessage[]): Uint8Array {
  if (messages.length > MAX_CONTAINER_MESSAGES) throw new RangeError("too many messages for one container");
  const size = 8 + messages.reduce((n, m) => n + 16 + m.body.length, 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, MSG_CONTAINER_ID, true);
  v.setInt32(4, messages.length, true);
  let o = 8;
  for (const m of messages) {
    if (m.body.length % 4 !== 0) throw new RangeError("message bodies are whole 4-byte words");
    v.setBigInt64(o, BigInt.asIntN(64, m.msgId), true);
    v.setInt32(o + 8, m.seqNo, true);
    v.setInt32(o + 12, m.body.length, true);
    out.set(m.body, o + 16);
    o += 16 + m.body.length;
  }
  return out;
}
