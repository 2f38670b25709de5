// Bindings seen by tests that run inside workerd: the gateway's.
import type { GatewayEnv } from "../workers/gateway/index.ts";

declare global {
  namespace Cloudflare {
    interface Env extends GatewayEnv {}
  }
}
