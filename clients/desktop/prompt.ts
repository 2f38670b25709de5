/**
 * Questions asked on the terminal (phone, code, password, name). Prompts go to
 * stderr; answers come from stdin line by line, so scripts can pipe them in.
 * On a terminal the password is read without echo.
 */
import { createInterface, type Interface } from "node:readline";
import { CliError } from "./output.ts";

let reader: Interface | null = null;
const lines: string[] = [];
const waiting: ((line: string | null) => void)[] = [];
let ended = false;

function ensureReader(): void {
  if (reader) return;
  reader = createInterface({ input: process.stdin, terminal: false });
  reader.on("line", (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else lines.push(line);
  });
  reader.on("close", () => {
    ended = true;
    for (const w of waiting.splice(0)) w(null);
  });
}

/** Asks one question; throws `400 INPUT_REQUIRED` if stdin has ended without an answer. */
export async function ask(question: string): Promise<string> {
  process.stderr.write(question);
  ensureReader();
  const line = lines.shift() ?? (ended ? null : await new Promise<string | null>((r) => waiting.push(r)));
  if (line === null) throw new CliError(400, "INPUT_REQUIRED", `no answer on stdin to "${question.trim()}"`, true);
  return line.trim();
}

/** Asks without echoing what is typed (terminal only; piped input is read as a plain line). */
export async function askSecret(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY || reader) return ask(question);
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let value = "";
      const onData = (chunk: Buffer) => {
        for (const ch of chunk.toString("utf8")) {
          if (ch === "\r" || ch === "\n") {
            stdin.off("data", onData);
            process.stderr.write("\n");
            resolve(value);
            return;
          }
          if (ch === "\u0003") {
            stdin.off("data", onData);
            reject(new CliError(499, "INTERRUPTED"));
            return;
          }
          if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
          else value += ch;
        }
      };
      stdin.on("data", onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
  }
}

/** Lets the process exit once no more questions will be asked. */
export function closePrompts(): void {
  reader?.close();
  reader = null;
}
