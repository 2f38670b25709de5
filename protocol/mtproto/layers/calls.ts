/**
 * The layer boundary of the MTProto front end: an incoming RPC call is decoded in the layer the client
 * declared (or the one stored for its key) and handed on in the current layer's model, its wrappers
 * (invokeWithLayer, initConnection, invokeWithoutUpdates, invokeAfterMsg …) peeled off and reported;
 * outgoing objects and results are written in the client's layer.
 */
import { decode, encode, encodeResult, resultType, type TlDecodeOptions, type TlObject } from "../tl/codec.ts";
import { TlDecodeError } from "../tl/errors.ts";
import { TlReader } from "../tl/reader.ts";
import { RESULT_UNWRAPS } from "./compat.ts";
import { downgrade, downgradeValue, upgrade } from "./convert.ts";
import { resolveLayer, tablesForLayer } from "./resolve.ts";

const INVOKE_WITH_LAYER_ID = 0xda9b0d0d;

export interface DecodedCall {
  /** The innermost call (an API method or an mt_ service call), in the current layer's model. */
  method: TlObject;
  /** The supported layer the call was decoded in. */
  layer: number;
  /** The layer the client declared with invokeWithLayer, when it did (persist it for the key). */
  declaredLayer?: number;
  /** initConnection's fields (apiId, deviceModel, systemVersion, appVersion, langCode …) without its query. */
  initConnection?: Omit<TlObject, "query">;
  /** invokeWithoutUpdates: the client wants no updates on this connection for this call. */
  withoutUpdates: boolean;
  /** invokeAfterMsg / invokeAfterMsgs: run only after these msg_ids. */
  afterMsgIds: bigint[];
  /** invokeWithTakeout's session id. */
  takeoutId?: bigint;
  /** The wrappers peeled, outermost first. */
  wrappers: string[];
}

/**
 * Decodes one RPC call body. `sessionLayer` is the layer stored for the key (used when the call does
 * not start with invokeWithLayer). Malformed input → TlDecodeError; a method the current layer does not
 * have → TlDecodeError UNKNOWN_CONSTRUCTOR.
 */
export function decodeCall(bytes: Uint8Array, sessionLayer: number, opts: TlDecodeOptions = {}): DecodedCall {
  const r = new TlReader(bytes);
  let layer = resolveLayer(sessionLayer);
  if (r.remaining >= 8 && r.uint() === INVOKE_WITH_LAYER_ID) layer = resolveLayer(r.int());
  let call = unwrap(decode(tablesForLayer(layer), bytes, opts), layer);
  // invokeWithLayer nested inside another wrapper: decode again in the layer it names.
  if (call.declaredLayer !== undefined && resolveLayer(call.declaredLayer) !== layer) {
    layer = resolveLayer(call.declaredLayer);
    call = unwrap(decode(tablesForLayer(layer), bytes, opts), layer);
  }
  return { ...call, method: upgrade(call.method, layer) };
}

function unwrap(outer: TlObject, layer: number): DecodedCall {
  const tables = tablesForLayer(layer);
  const call: DecodedCall = { method: outer, layer, withoutUpdates: false, afterMsgIds: [], wrappers: [] };
  let current = outer;
  for (;;) {
    const ctor = tables.byName.get(current._);
    if (!ctor?.method) {
      throw new TlDecodeError("UNEXPECTED_CONSTRUCTOR", 0, `${current._} is not a method`, ctor?.id);
    }
    const query = current.query;
    if (!(ctor.result.kind === "object" && ctor.result.any) || typeof query !== "object" || query === null) break;
    call.wrappers.push(current._);
    if (current._ === "invokeWithLayer") call.declaredLayer = current.layer as number;
    else if (current._ === "initConnection") {
      const { query: _inner, ...fields } = current;
      call.initConnection = fields;
    } else if (current._ === "invokeWithoutUpdates") call.withoutUpdates = true;
    else if (current._ === "invokeAfterMsg") call.afterMsgIds.push(current.msgId as bigint);
    else if (current._ === "invokeAfterMsgs") call.afterMsgIds.push(...(current.msgIds as bigint[]));
    else if (current._ === "invokeWithTakeout") call.takeoutId = current.takeoutId as bigint;
    current = query as TlObject;
  }
  call.method = current;
  return call;
}

/** A current-layer object (an update, an rpc_result body …) encoded boxed in the client's layer. */
export function encodeForLayer(obj: TlObject, layer: number): Uint8Array {
  return encode(tablesForLayer(layer), downgrade(obj, layer));
}

/** A method's result (current-layer model) encoded as the client's layer types it. */
export function encodeResultForLayer(method: TlObject | string, value: unknown, layer: number): Uint8Array {
  const tables = tablesForLayer(layer);
  const name = typeof method === "string" ? method : method._;
  const type = tables.byName.has(name) ? resultType(tables, name) : undefined;
  const obj = value as TlObject | null;
  const field = obj && typeof obj === "object" && !tables.byName.has(obj._) ? RESULT_UNWRAPS[obj._] : undefined;
  const own = field ? (obj as Record<string, unknown>)[field] : value;
  return encodeResult(tables, name, downgradeValue(own, type, layer));
}
