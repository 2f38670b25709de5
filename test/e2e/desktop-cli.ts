/**
 * Runs the real `edgegram` process against the local system, one config dir
 * per person: `const alice = terminalUser(); await alice.run("login", …)`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "./story.ts";

export const NODE = join(process.cwd(), "node_modules/.bin/node");
export const EDGEGRAM = join(process.cwd(), "clients/desktop/edgegram.ts");

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TerminalUser {
  configDir: string;
  run(args: string[], stdin?: string): Promise<RunResult>;
  /** Runs and parses stdout as JSON (adds --json); fails the test on a non-zero exit. */
  json<T = Record<string, unknown>>(args: string[], stdin?: string): Promise<T>;
  /** A long-running command (watch): its stdout lines as they come. */
  spawn(args: string[]): Streaming;
}

export function cliEnv(srv: Server): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, EDGEGRAM_SERVER: srv.url, EDGEGRAM_SERVER_KEY: srv.key };
  delete env.EDGEGRAM_CONFIG_DIR;
  return env;
}

export function terminalUser(srv: Server): TerminalUser {
  const configDir = mkdtempSync(join(tmpdir(), "edgegram-cli-"));
  const env = cliEnv(srv);
  const run = (args: string[], stdin = ""): Promise<RunResult> =>
    new Promise((resolve, reject) => {
      const child = spawn(NODE, [EDGEGRAM, ...args, "--config-dir", configDir], { env });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => {
        stdout += d;
      });
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      child.on("error", reject);
      child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
      child.stdin.end(stdin);
    });
  return {
    configDir,
    run,
    async json<T>(args: string[], stdin?: string): Promise<T> {
      const r = await run([...args, "--json"], stdin);
      if (r.code !== 0) throw new Error(`edgegram ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
      return JSON.parse(r.stdout) as T;
    },
    spawn: (args) => new Streaming(spawn(NODE, [EDGEGRAM, ...args, "--config-dir", configDir], { env })),
  };
}

/** A running CLI process whose stdout is read line by line. */
export class Streaming {
  readonly child: ChildProcess;
  readonly lines: string[] = [];
  stderr = "";
  private buffer = "";
  private readonly waiters: (() => void)[] = [];

  constructor(child: ChildProcess) {
    this.child = child;
    child.stdout?.on("data", (d: Buffer) => {
      this.buffer += d.toString();
      const parts = this.buffer.split("\n");
      this.buffer = parts.pop() ?? "";
      this.lines.push(...parts);
      for (const w of this.waiters.splice(0)) w();
    });
    child.stderr?.on("data", (d: Buffer) => {
      this.stderr += d.toString();
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Waits until a stdout line matches (the test's own timeout bounds the wait). */
  async line(match: (line: string) => boolean): Promise<string> {
    for (;;) {
      const found = this.lines.find(match);
      if (found) return found;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  async stderrIncludes(text: string): Promise<void> {
    while (!this.stderr.includes(text)) await new Promise<void>((r) => this.waiters.push(r));
  }

  stop(): Promise<number> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) resolve(this.child.exitCode);
      this.child.once("close", (code) => resolve(code ?? -1));
      this.child.kill("SIGINT");
    });
  }
}
