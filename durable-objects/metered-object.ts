/**
 * Makes a Durable Object class visible to the usage meter: its env is metered (core/metered-bindings.ts),
 * each event it runs counts towards its awake time, and alarms and incoming WebSocket messages are
 * counted as the requests Cloudflare bills (calls and fetches are counted by the caller's stub).
 */
import { meteredEnv } from "../core/metered-bindings.ts";
import { count, meteringOn, rest, wake } from "../core/usage-meter.ts";

// biome-ignore lint/suspicious/noExplicitAny: a mixin's constructor must take any arguments
type ObjectClass = new (...args: any[]) => object;

function metered(name: string, method: (...a: unknown[]) => unknown) {
  return function (this: object, ...args: unknown[]): unknown {
    if (!meteringOn()) return method.apply(this, args);
    if (name === "webSocketMessage") count("doWebSocketMessages");
    else if (name === "alarm") count("doRequests");
    wake(this);
    let result: unknown;
    try {
      result = method.apply(this, args);
    } catch (e) {
      rest(this);
      throw e;
    }
    if (result instanceof Promise) return result.finally(() => rest(this));
    rest(this);
    return result;
  };
}

/** The class, metered: export this under the class's name from the worker that hosts it. */
export function meteredObject<T extends ObjectClass>(Base: T): T {
  const Metered = class extends Base {
    // biome-ignore lint/suspicious/noExplicitAny: passes the runtime's (ctx, env) through
    constructor(...args: any[]) {
      super(args[0], meteredEnv(args[1] as object), ...args.slice(2));
    }
  };
  Object.defineProperty(Metered, "name", { value: Base.name });
  const seen = new Set<string>(["constructor"]);
  for (let proto = Base.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, name);
      if (seen.has(name) || !d || typeof d.value !== "function") continue;
      seen.add(name);
      Object.defineProperty(Metered.prototype, name, { ...d, value: metered(name, d.value) });
    }
  }
  return Metered;
}
