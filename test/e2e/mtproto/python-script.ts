/**
 * Runs one of the Telethon scripts beside this file (Debian's python3) with its JSON arguments and
 * talks to it by lines: each line it prints goes to `onLine`, whose answer (if any) is written back.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";

export const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

/** The script's exit code and the end of its stderr (for the failure message). */
export async function runPythonScript(
  script: string,
  args: unknown,
  onLine: (line: string) => Promise<string | undefined> | string | undefined,
): Promise<{ code: number | null; stderr: string }> {
  const path = new URL(`./${script}`, import.meta.url).pathname;
  const child = spawn(PYTHON, [path, JSON.stringify(args)], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += String(d);
  });
  const exited = new Promise<number | null>((r) => child.on("exit", r));
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      const reply = await onLine(line);
      if (reply !== undefined) child.stdin.write(`${reply}\n`);
    }
    return { code: await exited, stderr: stderr.slice(-3000) };
  } finally {
    child.kill();
  }
}
