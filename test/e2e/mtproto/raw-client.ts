/**
 * A bare MTProto connection for hostile-input tests: intermediate framing over /apiws, packets built
 * with the protocol modules (client side), and every frame the server sends collected.
 */
import { CLIENT_TO_SERVER, SERVER_TO_CLIENT } from "../../../protocol/mtproto/crypto/kdf.ts";
import { nobleCryptoProvider as c } from "../../../protocol/mtproto/crypto/noble.ts";
import { systemRandom } from "../../../protocol/mtproto/crypto/provider.ts";
import { tablesForLayer } from "../../../protocol/mtproto/layers/index.ts";
import { isContainer, unpackContainer } from "../../../protocol/mtproto/session/container.ts";
import { openMessage, sealMessage } from "../../../protocol/mtproto/session/envelope.ts";
import { msgIdFromTime } from "../../../protocol/mtproto/session/msg-id.ts";
import { decode, encode, type TlObject } from "../../../protocol/mtproto/tl/index.ts";
import { INTERMEDIATE_MARKER, IntermediateCodec } from "../../../protocol/mtproto/transport/intermediate.ts";

const tables = tablesForLayer(227);
export const tl = (obj: TlObject) => encode(tables, obj);
export const decodeTl = (bytes: Uint8Array) => decode(tables, bytes);

export class RawConnection {
  readonly frames: Uint8Array[] = [];
  closed = false;
  private readonly codec = new IntermediateCodec();
  private waiters: (() => void)[] = [];
  private readonly ws: WebSocket;
  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.binaryType = "arraybuffer";
    ws.onmessage = (e) => {
      for (const f of this.codec.push(new Uint8Array(e.data as ArrayBuffer))) this.frames.push(f);
      this.wake();
    };
    ws.onclose = () => {
      this.closed = true;
      this.wake();
    };
  }

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  static async open(serverUrl: string, marker: Uint8Array | null = INTERMEDIATE_MARKER): Promise<RawConnection> {
    const ws = new WebSocket(`${serverUrl.replace(/^http/, "ws")}/apiws`, "binary");
    await new Promise<void>((res, rej) => {
      ws.onopen = () => res();
      ws.onerror = () => rej(new Error("websocket failed"));
    });
    const conn = new RawConnection(ws);
    if (marker) ws.send(Uint8Array.from(marker));
    return conn;
  }

  sendRaw(bytes: Uint8Array) {
    this.ws.send(Uint8Array.from(bytes));
  }

  sendPacket(packet: Uint8Array) {
    this.ws.send(Uint8Array.from(this.codec.encodeFrame(packet)));
  }

  /** The next frame, or null if none comes within `ms` (a dropped packet) or the socket closed. */
  async next(ms = 3000): Promise<Uint8Array | null> {
    const deadline = Date.now() + ms;
    while (this.frames.length === 0 && !this.closed && Date.now() < deadline) {
      await new Promise<void>((res) => {
        this.waiters.push(res);
        setTimeout(res, Math.max(1, deadline - Date.now()));
      });
    }
    return this.frames.shift() ?? null;
  }

  close() {
    this.ws.close();
  }
}

/** An encrypted session on a known auth key: numbers and seals messages, opens and unpacks answers. */
export class RawSession {
  private lastMsgId = 0n;
  seqNo = 0;
  readonly sessionId = new DataView(systemRandom(8).buffer).getBigInt64(0, true);
  salt = 0n;

  readonly authKey: Uint8Array;
  readonly authKeyId: bigint;

  constructor(authKey: Uint8Array, authKeyId: bigint) {
    this.authKey = authKey;
    this.authKeyId = authKeyId;
  }

  nextMsgId(): bigint {
    let id = msgIdFromTime(Date.now()) & ~3n;
    if (id <= this.lastMsgId) id = this.lastMsgId + 4n;
    this.lastMsgId = id;
    return id;
  }

  seal(
    body: Uint8Array,
    opts: { msgId?: bigint; contentRelated?: boolean } = {},
  ): { packet: Uint8Array; msgId: bigint } {
    const msgId = opts.msgId ?? this.nextMsgId();
    const seqNo = opts.contentRelated === false ? this.seqNo * 2 : this.seqNo++ * 2 + 1;
    const m = { salt: this.salt, sessionId: this.sessionId, msgId, seqNo, body };
    return { packet: sealMessage(c, this.authKey, this.authKeyId, m, CLIENT_TO_SERVER, systemRandom), msgId };
  }

  /** The TL objects inside one server packet (a container's contents, in order). */
  open(packet: Uint8Array): TlObject[] {
    const m = openMessage(c, this.authKey, this.authKeyId, packet, SERVER_TO_CLIENT);
    const bodies = isContainer(m.body) ? unpackContainer(m.body).map((i) => i.body) : [m.body];
    return bodies.map((b) => decode(tables, b));
  }
}
