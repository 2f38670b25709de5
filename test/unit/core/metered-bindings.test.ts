/** The metered env counts stub calls, R2 and KV operations by their billing class, and awake time by object. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { meteredEnv } from "../../../core/metered-bindings.ts";
import { emptyUsage, rest, setMetering, takeUsage, wake } from "../../../core/usage-meter.ts";

afterEach(() => {
  setMetering(false);
  takeUsage();
  vi.useRealTimers();
});

function fakeEnv() {
  const calls: string[] = [];
  const stub = { hello: async (x: number) => x + 1, fetch: async () => new Response("ok") };
  const upload = { uploadPart: async () => ({}), complete: async () => ({}), abort: async () => undefined };
  return {
    calls,
    env: {
      USERS: { idFromName: (n: string) => n, get: (_id: string) => stub },
      MEDIA_BUCKET: {
        get: async () => null,
        head: async () => null,
        put: async () => ({}),
        delete: async () => undefined,
        createMultipartUpload: async () => upload,
        resumeMultipartUpload: () => upload,
      },
      MEDIA_KV: { get: async () => null, put: async () => undefined, list: async () => ({ keys: [] }) },
      MEDIA: { savePart: async () => calls.push("media") },
      PLAIN: "text",
    },
  };
}

describe("metered env", () => {
  it("Should count each stub call as one object request, and R2 and KV operations by class", async () => {
    const { env: raw } = fakeEnv();
    const env = meteredEnv(raw);
    setMetering(true);
    const stub = env.USERS.get(env.USERS.idFromName("user:1"));
    expect(await stub.hello(1)).toBe(2);
    await stub.fetch();
    await env.MEDIA_BUCKET.get();
    await env.MEDIA_BUCKET.head();
    await env.MEDIA_BUCKET.put();
    await env.MEDIA_BUCKET.delete();
    const mpu = await env.MEDIA_BUCKET.createMultipartUpload();
    await mpu.uploadPart();
    await env.MEDIA_BUCKET.resumeMultipartUpload().complete();
    await mpu.abort();
    await env.MEDIA_KV.get();
    await env.MEDIA_KV.put();
    await env.MEDIA_KV.list();
    await env.MEDIA.savePart();
    expect(env.PLAIN).toBe("text");
    expect(takeUsage()).toEqual({
      ...emptyUsage(),
      doRequests: 2,
      r2ClassA: 4, // put, create, part, complete (delete and abort are free)
      r2ClassB: 2,
      kvReads: 1,
      kvWrites: 2, // put and list, priced alike
    });
  });

  it("Should hand out the raw bindings and count nothing while off", async () => {
    const { env: raw } = fakeEnv();
    const env = meteredEnv(raw);
    expect(env.USERS).toBe(raw.USERS);
    await env.USERS.get("x").hello(1);
    expect(takeUsage()).toEqual(emptyUsage());
  });

  it("Should count an object's overlapping events once, and bill a still-running event up to the read", () => {
    vi.useFakeTimers({ now: 1_000 });
    setMetering(true);
    const obj = {};
    wake(obj);
    vi.setSystemTime(1_010);
    wake(obj); // a second event while the first runs: the same awake span
    vi.setSystemTime(1_030);
    rest(obj);
    vi.setSystemTime(1_040);
    rest(obj);
    vi.setSystemTime(1_100); // idle: not billed
    wake(obj);
    vi.setSystemTime(1_150);
    expect(takeUsage().doAwakeMs).toBe(40 + 50);
    vi.setSystemTime(1_170);
    rest(obj);
    expect(takeUsage().doAwakeMs).toBe(20);
  });
});
