/**
 * `npm run fuzz`: the fuzz suites with many more cases than CI runs
 * (FUZZ_RUNS, default 100,000 for the wire decoders; RPC methods get a
 * hundredth of that each). Reports the vitest summary.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const runs = process.env.FUZZ_RUNS ?? "100000";
const root = process.cwd();
const r = spawnSync(
  join(root, "node_modules/.bin/vitest"),
  ["run", "--project", "workers", "--testTimeout", "0", "test/hardening/fuzz-"],
  {
    stdio: "inherit",
    env: {
      ...process.env,
      FUZZ_RUNS: runs,
      PATH: `${join(root, "node_modules/.bin")}:${process.env.PATH ?? ""}`,
    },
  },
);
console.log(`fuzz: FUZZ_RUNS=${runs} per wire target; exit ${r.status}`);
// The pure decoders (MTProto TL …) run in plain Node: their fuzz files are named fuzz-*.test.ts under test/unit.
const unit = spawnSync(
  join(root, "node_modules/.bin/vitest"),
  ["run", "--project", "unit", "--testTimeout", "0", "fuzz-"],
  { stdio: "inherit", env: { ...process.env, FUZZ_RUNS: runs } },
);
console.log(`fuzz: FUZZ_RUNS=${runs} per pure decoder property; exit ${unit.status}`);
process.exit(r.status || unit.status || 0);
