/**
 * Puts the usage meter between code and its billable bindings: every Durable Object stub call, R2 and
 * KV operation made through a metered env is counted where it happens. While metering is off the env
 * hands out the raw bindings.
 */
import { count, meteringOn } from "./usage-meter.ts";

/** Bindings by kind. Service bindings (MEDIA, BOT_API) are not billed per call and pass through. */
const DO_NAMESPACES = new Set(["AUTH_KEYS", "USERS", "DIRECTORY", "CHATS", "BOTS", "UPLOADS"]);
const R2_BUCKETS = new Set(["MEDIA_BUCKET"]);
const KV_NAMESPACES = new Set(["MEDIA_KV"]);

/** R2 operations by class (Cloudflare's R2 pricing): deletes and aborts are free. */
const R2_CLASS_A = new Set(["put", "list", "createMultipartUpload", "uploadPart", "complete"]);
const R2_CLASS_B = new Set(["get", "head"]);
/** KV reads; every other KV operation (put, delete, list) is priced as a write. */
const KV_READS = new Set(["get", "getWithMetadata"]);

type Wrap = (target: object, name: string, call: (...a: unknown[]) => unknown) => (...a: unknown[]) => unknown;

/** A proxy whose methods go through `wrap`; everything else is the target's own. */
function intercept<T extends object>(target: T, wrap: Wrap): T {
  return new Proxy(target, {
    get(t, prop) {
      const v = Reflect.get(t, prop);
      if (typeof prop !== "string" || typeof v !== "function" || prop === "then") return v;
      return wrap(t, prop, (...a) => Reflect.apply(v, t, a));
    },
  });
}

/** Every method call on a stub is one RPC session: one billed Durable Object request (fetch too). */
const meteredStub = <T extends object>(stub: T): T =>
  intercept(stub, (_t, _name, call) => (...a) => {
    count("doRequests");
    return call(...a);
  });

const meteredNamespace = <T extends object>(ns: T): T =>
  intercept(ns, (_t, name, call) =>
    name === "get" || name === "getByName" ? (...a) => meteredStub(call(...a) as object) : call,
  );

const meteredMultipart = <T extends object>(upload: T): T =>
  intercept(upload, (_t, name, call) => (...a) => {
    if (R2_CLASS_A.has(name)) count("r2ClassA");
    return call(...a);
  });

const meteredBucket = <T extends object>(bucket: T): T =>
  intercept(bucket, (_t, name, call) => (...a) => {
    if (R2_CLASS_A.has(name)) count("r2ClassA");
    else if (R2_CLASS_B.has(name)) count("r2ClassB");
    const r = call(...a);
    if (name === "createMultipartUpload") return (r as Promise<object>).then((u) => meteredMultipart(u));
    if (name === "resumeMultipartUpload") return meteredMultipart(r as object);
    return r;
  });

const meteredKv = <T extends object>(kv: T): T =>
  intercept(kv, (_t, name, call) => (...a) => {
    count(KV_READS.has(name) ? "kvReads" : "kvWrites");
    return call(...a);
  });

/** The env with its billable bindings metered while the meter is on. */
export function meteredEnv<E extends object>(env: E): E {
  return new Proxy(env, {
    get(t, prop) {
      const v = Reflect.get(t, prop);
      if (!meteringOn() || typeof prop !== "string" || typeof v !== "object" || v === null) return v;
      if (DO_NAMESPACES.has(prop)) return meteredNamespace(v);
      if (R2_BUCKETS.has(prop)) return meteredBucket(v);
      if (KV_NAMESPACES.has(prop)) return meteredKv(v);
      return v;
    },
  });
}
