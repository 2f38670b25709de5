/**
 * MTProto costs: auth key creation by GramJS against the local server (wall time) and the server's
 * CPU per handshake step (the same pure steps, run in this process around GramJS's own client);
 * an MTProto RPC round trip (GramJS help.getConfig) beside the bare WebSocket echo; send → receive
 * between two GramJS users beside two SDK users (mtproto-messaging.ts); upload MB/s over MTProto beside
 * the SDK's (mtproto-upload.ts).
 */
import { cpuUsage } from "node:process";
import bigInt from "big-integer";
import { Api, TelegramClient } from "telegram";
import { _serverKeys } from "telegram/crypto/RSA.js";
import { doAuthentication } from "telegram/network/Authenticator.js";
import { ConnectionTCPObfuscated } from "telegram/network/connection/index.js";
import { MTProtoPlainSender } from "telegram/network/MTProtoPlainSender.js";
import { MemorySession } from "telegram/sessions/index.js";
import { EdgegramClient } from "../clients/sdk/index.ts";
import { parseMtprotoRsaKey } from "../core/mtproto/server-keys.ts";
import { clientHello, serverCreateAuthKey, serverIdentityFromSeed } from "../protocol/handshake.ts";
import { nobleCryptoProvider as c } from "../protocol/mtproto/crypto/noble.ts";
import { systemRandom } from "../protocol/mtproto/crypto/provider.ts";
import {
  decodeHandshakeRequest,
  encodeHandshakeReply,
  type HandshakeState,
  handshakeKeys,
  serverReqDhParams,
  serverReqPq,
  serverSetClientDhParams,
} from "../protocol/mtproto/handshake/steps.ts";
import { decodePlainMessage, encodePlainMessage } from "../protocol/mtproto/session/envelope.ts";
import { nextServerMsgId } from "../protocol/mtproto/session/msg-id.ts";
import { localWebSockets, rsaPublicOf } from "../test/e2e/mtproto/server-key.ts";
import { testSecrets } from "../test/secrets.ts";
import { mtprotoSendReceive } from "./mtproto-messaging.ts";
import { mtprotoUpload } from "./mtproto-upload.ts";
import { echoSocket } from "./session.ts";
import { ratio, summarize, timeIt } from "./stats.ts";

const quiet = { debug() {}, info() {}, warn() {}, error() {}, canSend: () => false };
const cpuMs = (fn: () => unknown) => {
  const t = cpuUsage();
  fn();
  const d = cpuUsage(t);
  return (d.user + d.system) / 1000;
};

/** Server CPU of the Edgegram auth key creation (one request: X25519 + the Ed25519-signed hello). */
function edgegramKeyCpu(seed: string, rounds: number) {
  const identity = serverIdentityFromSeed(seed);
  const per: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const hello = clientHello("auth-key");
    per.push(cpuMs(() => serverCreateAuthKey(hello.hello, identity)));
  }
  return summarize(per);
}

/** Server CPU per step: GramJS's Authenticator against the server steps in this process (40-byte DH secret, as deployed). */
async function stepCpu(secret: string, rounds: number) {
  const key = parseMtprotoRsaKey(secret);
  const keys = handshakeKeys(c, [key]);
  _serverKeys.set(BigInt.asIntN(64, keys[0]!.fingerprint).toString(), {
    n: bigInt(key.n.toString()),
    e: Number(key.e),
  });
  const per: Record<string, number[]> = { req_pq: [], req_DH_params: [], set_client_DH_params: [] };
  for (let i = 0; i < rounds; i++) {
    let state: HandshakeState | undefined;
    let last = 0n;
    const replies: Buffer[] = [];
    const connection = {
      async send(data: Buffer) {
        const req = decodeHandshakeRequest(decodePlainMessage(new Uint8Array(data)).body);
        const ctx = { c, random: systemRandom, nowMs: Date.now(), keys, dhSecretBytes: 40 };
        let out: { state: HandshakeState; reply: Parameters<typeof encodeHandshakeReply>[0] } | undefined;
        const step = req._ === "mt_req_pq_multi" || req._ === "mt_req_pq" ? "req_pq" : req._.slice(3);
        per[step]?.push(
          cpuMs(() => {
            out =
              step === "req_pq"
                ? serverReqPq(req, ctx)
                : step === "req_DH_params"
                  ? serverReqDhParams(state!, req, ctx)
                  : serverSetClientDhParams(state!, req, ctx);
          }),
        );
        state = out!.state;
        last = nextServerMsgId(last, Date.now(), "response");
        replies.push(Buffer.from(encodePlainMessage(last, encodeHandshakeReply(out!.reply))));
      },
      async recv() {
        return replies.shift()!;
      },
    };
    await doAuthentication(new MTProtoPlainSender(connection as never, quiet as never), quiet as never);
  }
  return Object.fromEntries(Object.entries(per).map(([k, v]) => [k, summarize(v)]));
}

export async function benchMtproto(sys: { url: string; port: number; mtprotoPublicKeyPem: string; serverKey: string }) {
  const k = rsaPublicOf(sys.mtprotoPublicKeyPem);
  _serverKeys.set(k.fingerprint.toString(), { n: bigInt(k.n.toString()), e: Number(k.e) });
  const host = new URL(sys.url).hostname;
  const client = () => {
    const t = new TelegramClient(new MemorySession(), 1, "0123456789abcdef0123456789abcdef", {
      connection: ConnectionTCPObfuscated,
      networkSocket: localWebSockets(sys.port),
      connectionRetries: 1,
    });
    t.setLogLevel("none" as never);
    t.session.setDC(2, host, sys.port);
    return t;
  };
  // Key creation, alternated with the Edgegram handshake so machine noise hits both alike.
  const keys: number[] = [];
  const edgegramKeys: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = client();
    keys.push(await timeIt(() => t.connect()));
    await t.destroy();
    const e = new EdgegramClient({ server: sys.url, serverKey: sys.serverKey, autoReconnect: false });
    edgegramKeys.push(await timeIt(() => e.connect()));
    e.close();
  }
  const t = client();
  await t.connect();
  const edgegram = new EdgegramClient({ server: sys.url, serverKey: sys.serverKey });
  await edgegram.connect();
  const ws = await echoSocket(sys.url);
  const rpc: number[] = [];
  const edgegramRpc: number[] = [];
  const echo: number[] = [];
  for (let i = 0; i < 20; i++) {
    await t.invoke(new Api.help.GetConfig());
    await edgegram.call("help.getConfig", {});
    await ws.rtt();
  }
  // The same call on both protocols and the bare echo, interleaved.
  for (let i = 0; i < 200; i++) {
    rpc.push(await timeIt(() => t.invoke(new Api.help.GetConfig())));
    edgegramRpc.push(await timeIt(() => edgegram.call("help.getConfig", {})));
    echo.push(await ws.rtt());
  }
  await t.destroy();
  edgegram.close();
  ws.close();
  const r = summarize(rpc);
  const g = summarize(edgegramRpc);
  const e = summarize(echo);
  const mk = summarize(keys);
  const gk = summarize(edgegramKeys);
  return {
    gramjs_new_auth_key_ms: mk,
    edgegram_new_auth_key_and_connect_ms: gk,
    mtproto_key_over_edgegram_key_p50: ratio(mk.p50, gk.p50),
    // Any 2048-bit key costs the same: the tests' fixed key stands in for the server's secret one.
    server_cpu_ms_per_handshake_step: await stepCpu(testSecrets.MTPROTO_RSA_KEY, 20),
    edgegram_server_cpu_ms_per_auth_key: edgegramKeyCpu(testSecrets.SERVER_IDENTITY_KEY, 20),
    mtproto_rpc_rtt_ms: r,
    edgegram_rpc_rtt_ms: g,
    raw_ws_echo_rtt_ms: e,
    mtproto_rpc_over_echo_p50: ratio(r.p50, e.p50),
    mtproto_rpc_over_edgegram_rpc_p50: ratio(r.p50, g.p50),
    edgegram_rpc_over_echo_p50: ratio(g.p50, e.p50),
    send_receive: await mtprotoSendReceive(sys, 200),
    upload: await mtprotoUpload(sys),
  };
}
