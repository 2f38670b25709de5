/** How many cases each fuzz target runs: CI-sized by default, `npm run fuzz` raises it (FUZZ_RUNS). */
import { env } from "cloudflare:workers";

/** `share` scales FUZZ_RUNS down for targets whose cases are expensive (real Durable Object calls). */
export const fuzzRuns = (ciDefault: number, share = 1): number => {
  const n = Number((env as unknown as { FUZZ_RUNS?: string }).FUZZ_RUNS ?? "");
  return Number.isFinite(n) && n > 0 ? Math.max(1, Math.ceil(n * share)) : ciDefault;
};
