/** Starts one local system (real `wrangler dev`, fresh state dir) for all end-to-end tests. */
import { rmSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { type LocalSystem, scratchStateDir, startLocalSystem } from "../../scripts/local-system.ts";

let sys: LocalSystem | null = null;
let stateDir = "";

export async function setup(project: TestProject) {
  stateDir = scratchStateDir("edgegram-e2e");
  sys = await startLocalSystem({ stateDir });
  project.provide("serverUrl", sys.url);
  project.provide("serverKey", sys.serverKey);
  project.provide("mtprotoPublicKeyPem", sys.mtprotoPublicKeyPem);
  project.provide("mtprotoTcpPort", sys.mtprotoTcpPort);
}

export async function teardown() {
  await sys?.stop();
  rmSync(stateDir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    serverUrl: string;
    serverKey: string;
    mtprotoPublicKeyPem: string;
    mtprotoTcpPort: number;
  }
}
