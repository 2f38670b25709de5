// Bindings seen by tests that run inside workerd: the gateway's.
declare namespace Cloudflare {
  interface Env extends import("../workers/gateway/index.ts").GatewayEnv {}
}
