/** Builds the web client, then starts one local system (the e2e setup) that serves it. */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import * as e2e from "../e2e/global-setup.ts";

export async function setup(project: TestProject) {
  execFileSync(join("node_modules", ".bin", "vite"), ["build", "clients/web", "--logLevel", "warn"], {
    stdio: "inherit",
    // Vitest sets NODE_ENV=test, which would make Vite build the development bundle.
    env: { ...process.env, NODE_ENV: "production" },
  });
  await e2e.setup(project);
}

export const teardown = e2e.teardown;
