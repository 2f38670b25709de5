/**
 * One MTProto device (one auth key) inside its AuthKeyObject shard, beside the Edgegram devices:
 * opens each packet with its key, runs the session rules, answers service messages, runs API calls
 * through the core adapters in the layer the key declared, and seals the answer. Only this object
 * ever decrypts the key's packets; whoever holds the socket forwards ciphertext here.
 */
import { mtRpcError, runMtCall } from "../core/mtproto/dispatch.ts";
import { pushedUpdates } from "../core/mtproto/push.ts";
import { authKeyObjectOf, authKeyShardObject } from "../core/objects.ts";
import type { Update } from "../protocol/model/update.ts";
import { CLIENT_TO_SERVER, SERVER_TO_CLIENT } from "../protocol/mtproto/crypto/kdf.ts";
import { nobleCryptoProvider as c } from "../protocol/mtproto/crypto/noble.ts";
import { systemRandom } from "../protocol/mtproto/crypto/provider.ts";
import { EnvelopeError } from "../protocol/mtproto/errors.ts";
import {
  CURRENT_LAYER,
  decodeCall,
  encodeForLayer,
  encodeResultForLayer,
  resolveLayer,
  tablesForLayer,
} from "../protocol/mtproto/layers/index.ts";
import { packContainer } from "../protocol/mtproto/session/container.ts";
import { openMessage, sealMessage } from "../protocol/mtproto/session/envelope.ts";
import { inflateCapped, unwrapGzipPacked } from "../protocol/mtproto/session/gzip.ts";
import { currentSalt, refreshSalts } from "../protocol/mtproto/session/salts.ts";
import {
  MAX_UNACKED,
  nextOutgoing,
  receive,
  type SessionState,
  takeAcks,
} from "../protocol/mtproto/session/session.ts";
import { decode, encode, type TlObject } from "../protocol/mtproto/tl/index.ts";
import type { EncodedUpdates } from "../protocol/transport.ts";
import type { Shard } from "./auth-key-device.ts";
import { type KeyAtRest, keyAtRestOf } from "./key-at-rest.ts";
import { type BindCall, bindTemporaryKey, boundTemps } from "./mtproto-bind.ts";
import type { MtAnswer } from "./mtproto-handshake.ts";
import { holdHttpRequest, type PendingPush, queueHttpPush, wakeHttpWait } from "./mtproto-http-wait.ts";
import {
  deleteMtKey,
  insertMtKey,
  loadMtKey,
  mtDeviceStateOf,
  mtKeyRow,
  saltsOf,
  saltsToText,
  setLayer,
  setSalts,
  unbindMtKey,
} from "./mtproto-key-store.ts";
import { forgetPushRoutes, pushRoutes, rememberPushRoute } from "./mtproto-push-routes.ts";
import {
  answerService,
  answersAgain,
  OUTBOX_MAX,
  type OutboxEntry,
  type Outgoing,
  SERVICE_CALLS,
} from "./mtproto-service.ts";
import { forgetMtSessions, mtSessionKey, rememberMtSession } from "./mtproto-session-index.ts";

/** Where a packet came from: the client's address, the host and port it reached us at, the shard holding its socket. */
export interface MtVia {
  ip: string | null;
  host: string;
  port: number;
  /** The shard holding the connection ("" for HTTP requests, which nobody holds). */
  shard: string;
  /** The connection's id on that shard (WebSockets only): where pushes for its session go. */
  conn?: string;
}

interface StoredSession {
  state: SessionState;
  outbox: OutboxEntry[];
  /** Updates for an HTTP session, carried by its next response (mtproto-http-wait.ts). */
  pending?: PendingPush[];
}

/**
 * What a push changed in a session while a packet's calls ran (the server's msg_id and seq_no counters,
 * the unacknowledged and resendable messages) carried into the state the packet's answer is sealed with.
 */
function takeServerCounters(session: StoredSession, stored: StoredSession | undefined): void {
  if (!stored || stored.state.lastServerMsgId <= session.state.lastServerMsgId) return;
  session.state.lastServerMsgId = stored.state.lastServerMsgId;
  session.state.sentContentRelated = Math.max(session.state.sentContentRelated, stored.state.sentContentRelated);
  const unacked = new Set([...session.state.unacked, ...stored.state.unacked]);
  session.state.unacked = [...unacked].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(-MAX_UNACKED);
  const known = new Set(session.outbox.map((o) => o.msgId));
  session.outbox.push(...stored.outbox.filter((o) => !known.has(o.msgId)));
  session.outbox.sort((a, b) => (a.msgId < b.msgId ? -1 : a.msgId > b.msgId ? 1 : 0));
}

const sessionHex = (sessionId: bigint) => BigInt.asUintN(64, sessionId).toString(16);
const sessionKey = (keyId: string, sessionId: bigint) => mtSessionKey(keyId, sessionHex(sessionId));

export class MtprotoDevice {
  readonly id: string;
  private readonly keyId: bigint;
  private readonly shard: Shard;
  private readonly vault: KeyAtRest;

  constructor(shard: Shard, id: string) {
    this.id = id;
    this.keyId = BigInt(`0x${id}`);
    this.shard = shard;
    this.vault = keyAtRestOf(shard.env);
  }

  exists(): boolean {
    return mtKeyRow(this.shard.sql, this.id) !== null;
  }

  /** Stores a key the handshake just created, with its first salt (valid from now for the first hour). */
  create(authKey: Uint8Array, firstSalt: bigint, expiresIn: number | null): void {
    const nowS = Math.floor(Date.now() / 1000);
    const salts = refreshSalts(
      [{ salt: firstSalt, validSince: nowS - 60, validUntil: nowS + 1800 }],
      nowS,
      systemRandom,
    );
    const expiresAt = expiresIn === null ? null : Date.now() + expiresIn * 1000;
    insertMtKey(this.shard.sql, this.vault, this.id, authKey, salts, expiresAt);
  }

  /**
   * Signs the key out (auth.logOut, a reset from another device): as Telegram does, the key itself
   * stays, so the client still reads the 401 AUTH_KEY_UNREGISTERED its calls now get, and then
   * expires like any key nobody signed in with.
   */
  async revoke(): Promise<void> {
    unbindMtKey(this.shard.sql, this.id);
    for (const t of await boundTemps(this.shard.ctx.storage, this.id)) {
      await authKeyObjectOf(this.shard.env, t).mtSignOutBound(t);
    }
  }

  /** Forgets the key and its sessions (an unbound key's expiry): later packets get -404. */
  async forget(): Promise<void> {
    deleteMtKey(this.shard.sql, this.id);
    const sessions = await this.shard.ctx.storage.list({ prefix: `mts:${this.id}:` });
    if (sessions.size) await this.shard.ctx.storage.delete([...sessions.keys()]);
    await forgetMtSessions(this.shard.ctx.storage, this.id);
  }

  /** One encrypted packet from the client: the packets to send back, -404, or nothing (dropped). */
  async receive(packet: Uint8Array, via: MtVia): Promise<MtAnswer> {
    const row = mtKeyRow(this.shard.sql, this.id);
    const authKey = row && loadMtKey(this.shard.sql, this.vault, this.id);
    if (!row || !authKey) return { transportError: -404 };
    let m: ReturnType<typeof openMessage>;
    try {
      m = openMessage(c, authKey, this.keyId, packet, CLIENT_TO_SERVER, { transportPadding: true });
    } catch (e) {
      // A bad msg_key is never explained: the packet is dropped and logged.
      if (e instanceof EnvelopeError) {
        console.warn("mtproto packet dropped", this.id, e.message);
        return { drop: e.message };
      }
      throw e;
    }
    const nowMs = Date.now();
    const salts = refreshSalts(saltsOf(row), Math.floor(nowMs / 1000), systemRandom);
    if (saltsToText(salts) !== row.salts) setSalts(this.shard.sql, this.id, salts);
    const storage = this.shard.ctx.storage;
    const stored = await storage.get<StoredSession>(sessionKey(this.id, m.sessionId));
    const r = receive(stored?.state, m, { nowMs, salts, random: systemRandom });
    if (!stored) await rememberMtSession(storage, this.id, sessionHex(m.sessionId));
    let session: StoredSession = { state: r.state, outbox: stored?.outbox ?? [], pending: stored?.pending };
    const out: Outgoing[] = r.replies.map((body) => ({ body: body as TlObject, contentRelated: false }));
    out.push(...answersAgain(session.outbox, r.duplicates));
    let layer = resolveLayer(row.layer || CURRENT_LAYER);
    let quiet = false;
    let httpWait: number | undefined;
    for (const msg of r.accepted) {
      let body: Uint8Array;
      try {
        body = unwrapGzipPacked(msg.body);
      } catch {
        console.warn("mtproto: bad gzip_packed dropped", this.id);
        continue;
      }
      const tables = tablesForLayer(layer);
      const entry =
        body.length >= 4 ? tables.byId.get(new DataView(body.buffer, body.byteOffset).getUint32(0, true)) : undefined;
      if (entry && SERVICE_CALLS.has(entry.name)) {
        let obj: TlObject;
        try {
          obj = decode(tables, body);
        } catch {
          continue;
        }
        if (obj._ === "mt_http_wait") httpWait = obj.maxWait as number;
        out.push(
          ...(await answerService({
            msgId: msg.msgId,
            obj,
            session: session.state,
            outbox: session.outbox,
            salts,
            nowMs,
            destroySession: async (sid) => storage.delete(sessionKey(this.id, sid)),
          })),
        );
        continue;
      }
      const answer = await this.runCall(body, msg.msgId, m.sessionId, layer, via);
      layer = answer.layer;
      quiet ||= answer.withoutUpdates;
      out.push({ body: answer.body, contentRelated: true });
    }
    const acks = takeAcks(session.state);
    if (acks) out.push({ body: acks, contentRelated: false });
    const key = sessionKey(this.id, m.sessionId);
    if (via.shard === "") {
      // http_wait with nothing to answer: the request is held until an update comes for the session.
      const answered = out.some((o) => o.contentRelated);
      if (httpWait !== undefined && !answered && !session.pending?.length && row.user_id !== null) {
        await storage.put(key, session);
        await rememberPushRoute(storage, this.id, m.sessionId, via, quiet);
        if (!quiet) this.shard.connected.mtRouted(this.id);
        await holdHttpRequest(key, httpWait);
        // Everything this request changed was stored before the wait; pushes (or a newer request) changed it since.
        session = (await storage.get<StoredSession>(key)) ?? session;
      }
      for (const p of session.pending ?? []) out.push({ body: p.body, contentRelated: true, kind: "server" });
      session.pending = [];
    }
    // Over HTTP every request gets a packet back (clients read one per request): an ack when there is nothing else.
    if (out.length === 0 && via.shard === "")
      out.push({ body: { _: "mt_msgs_ack", msgIds: [m.msgId] }, contentRelated: false });
    const salt = currentSalt(salts, Math.floor(nowMs / 1000))?.salt ?? m.salt;
    // Pushes may have sealed messages in this session while the calls ran: number after them.
    takeServerCounters(session, await storage.get<StoredSession>(key));
    const packets = out.length ? [this.seal(authKey, session, out, salt, Date.now(), layer)] : [];
    await storage.put(key, session);
    if (row.user_id !== null) {
      await rememberPushRoute(storage, this.id, m.sessionId, via, quiet);
      if (!quiet) this.shard.connected.mtRouted(this.id);
    }
    return { packets };
  }

  /** One API call: rpc_result with the adapter's answer in the client's layer, or rpc_error. */
  private async runCall(body: Uint8Array, reqMsgId: bigint, sessionId: bigint, layer: number, via: MtVia) {
    try {
      const call = decodeCall(body, layer, { inflate: (p) => inflateCapped(p) });
      if (call.declaredLayer !== undefined && resolveLayer(call.declaredLayer) !== layer) {
        layer = resolveLayer(call.declaredLayer);
        setLayer(this.shard.sql, this.id, layer);
      }
      const device = mtDeviceStateOf(this.shard.sql, this.shard.env, this.id);
      if (call.initConnection) {
        const i = call.initConnection;
        device.setDevice(
          String(i.deviceModel ?? "unknown"),
          `${String(i.appVersion ?? "")} (api_id ${String(i.apiId)})`,
        );
      }
      // A bound temporary key speaks for its permanent key: that is the authorization the core knows.
      const authKeyId = mtKeyRow(this.shard.sql, this.id)?.perm_key_id ?? this.id;
      const rpc = { env: this.shard.env, authKeyId, device, blob: new Uint8Array(), clientIp: via.ip };
      let result: unknown;
      if (call.method._ === "auth.bindTempAuthKey") {
        await bindTemporaryKey(this.shard.env, this.shard.sql, this.id, call.method as unknown as BindCall, {
          msgId: reqMsgId,
          sessionId,
        });
        result = true;
      } else {
        result = await runMtCall({ rpc, host: via.host, port: via.port }, call.method);
      }
      const bytes = encodeResultForLayer(call.method._, result, layer);
      const withoutUpdates = call.withoutUpdates;
      return { layer, withoutUpdates, body: { _: "mt_rpc_result", reqMsgId, result: bytes } as TlObject };
    } catch (e) {
      if (e instanceof Error && e.name === "TlDecodeError") {
        const err = { errorCode: 400, errorMessage: "INPUT_METHOD_INVALID" };
        const body = { _: "mt_rpc_result", reqMsgId, result: { _: "mt_rpc_error", ...err } } as TlObject;
        return { layer, withoutUpdates: false, body };
      }
      const err = mtRpcError(e);
      if (err.errorCode >= 500) console.error("mtproto rpc failed", e);
      const body = { _: "mt_rpc_result", reqMsgId, result: { _: "mt_rpc_error", ...err } } as TlObject;
      return { layer, withoutUpdates: false, body };
    }
  }

  /**
   * Updates from the account's stream (encoded once by encodeUpdates) for this key's sessions:
   * presented in the key's layer; for a WebSocket session sealed and sent through the shard that holds
   * the socket (not kept: a session that misses one sees the pts gap and calls getDifference); for an
   * HTTP session queued for its next request, waking one held by http_wait.
   */
  async push(encoded: EncodedUpdates): Promise<void> {
    const row = mtKeyRow(this.shard.sql, this.id);
    const authKey = row && row.user_id !== null && loadMtKey(this.shard.sql, this.vault, this.id);
    if (!row || !authKey) return;
    for (const t of await boundTemps(this.shard.ctx.storage, this.id)) {
      await authKeyObjectOf(this.shard.env, t)
        .push([t], encoded)
        .catch((e) => console.error("mtproto push to a bound temporary key failed", t, e));
    }
    const routes = await pushRoutes(this.shard.ctx.storage, this.id);
    if (routes.length === 0) return;
    const { updates } = JSON.parse(new TextDecoder().decode(encoded)) as { updates: Update[] };
    const device = mtDeviceStateOf(this.shard.sql, this.shard.env, this.id);
    const rpc = { env: this.shard.env, authKeyId: this.id, device, blob: new Uint8Array(), clientIp: null };
    const tl = await pushedUpdates({ rpc, host: "", port: 0 }, updates);
    if (!tl) return;
    const layer = resolveLayer(row.layer || CURRENT_LAYER);
    const body = encodeForLayer(tl as TlObject, layer);
    const nowMs = Date.now();
    const salt = currentSalt(saltsOf(row), Math.floor(nowMs / 1000))?.salt ?? 0n;
    const storage = this.shard.ctx.storage;
    const gone: string[] = [];
    for (const r of routes) {
      const key = mtSessionKey(this.id, r.session);
      const stored = await storage.get<StoredSession>(key);
      if (!stored) {
        gone.push(r.session);
        continue;
      }
      if (r.shard === "") {
        // An HTTP session: kept for its next request, which a held http_wait request is.
        stored.pending = queueHttpPush(stored.pending, body);
        await storage.put(key, stored);
        wakeHttpWait(key);
        continue;
      }
      const packet = this.seal(authKey, stored, [{ body, contentRelated: true, kind: "server" }], salt, nowMs, layer);
      await storage.put(key, stored);
      const sent = await authKeyShardObject(this.shard.env, r.shard)
        .mtSend(r.conn, packet)
        .catch((e) => {
          console.error("mtproto push to its socket's shard failed", r.shard, e);
          return true; // kept: the shard may answer next time; the session catches up by getDifference meanwhile
        });
      if (!sent) gone.push(r.session);
    }
    if (gone.length) await forgetPushRoutes(storage, this.id, gone);
  }

  /** Numbers the messages, packs several into one container and seals it under the key. */
  private seal(authKey: Uint8Array, s: StoredSession, out: Outgoing[], salt: bigint, nowMs: number, layer: number) {
    const tables = tablesForLayer(layer);
    const msgs = out.map((o) => {
      const body = o.body instanceof Uint8Array ? o.body : encode(tables, o.body);
      const kind = o.kind ?? "response";
      const ids = o.resent ?? nextOutgoing(s.state, nowMs, { contentRelated: o.contentRelated, kind });
      if (o.contentRelated && !o.resent) s.outbox.push({ ...ids, body });
      return { ...ids, body };
    });
    if (s.outbox.length > OUTBOX_MAX) s.outbox.splice(0, s.outbox.length - OUTBOX_MAX);
    const one =
      msgs.length === 1
        ? msgs[0]!
        : {
            ...nextOutgoing(s.state, nowMs, { contentRelated: false, kind: "response" }),
            body: packContainer(msgs),
          };
    const envelope = { salt, sessionId: s.state.sessionId, msgId: one.msgId, seqNo: one.seqNo, body: one.body };
    return sealMessage(c, authKey, this.keyId, envelope, SERVER_TO_CLIENT, systemRandom);
  }
}
