/**
 * Output of the terminal client: results as text or `--json`, errors on stderr
 * in Telegram style (`400 PEER_ID_INVALID`), exit codes, and the progress bar.
 */
import { RpcError } from "../../protocol/errors.ts";
import { NetworkError } from "../sdk/network-error.ts";

/** A local failure, worded like a server error so scripts handle both alike. */
export class CliError extends RpcError {
  readonly hint: string | undefined;
  /** Set for wrong arguments (exit 2); otherwise the exit code follows the error code. */
  readonly usage: boolean;
  constructor(code: number, text: string, hint?: string, usage = false) {
    super(code, text);
    this.hint = hint;
    this.usage = usage;
  }
}

export const ExitCode = {
  ok: 0,
  /** The server (or the client on its behalf) refused the request. */
  failed: 1,
  /** Wrong arguments. */
  usage: 2,
  /** Not signed in, or the session was revoked. */
  unauthorized: 3,
  /** The server could not be reached. */
  unavailable: 4,
  /** The server proved a different key than the one pinned: maybe not our server. */
  keyMismatch: 5,
  interrupted: 130,
} as const;

export function usageError(text: string, hint?: string): CliError {
  return new CliError(400, text, hint, true);
}

export function exitCodeOf(e: unknown): number {
  if (e instanceof CliError && e.usage) return ExitCode.usage;
  if (e instanceof NetworkError) return ExitCode.unavailable;
  if (e instanceof RpcError) {
    if (e.text === "SERVER_KEY_MISMATCH" || e.text === "SERVER_KEY_CHANGED") return ExitCode.keyMismatch;
    if (e.code === 401) return ExitCode.unauthorized;
    if (e.code === 503) return ExitCode.unavailable;
  }
  return ExitCode.failed;
}

/** Anything thrown becomes `<code> <TEXT>` (plus a hint) on stderr; internals never leak a stack. */
export function reportError(e: unknown, json: boolean): number {
  // The network failing is worded as the server being unreachable, as when connecting (config.ts).
  const err =
    e instanceof RpcError
      ? e
      : e instanceof NetworkError
        ? new RpcError(503, "SERVER_UNREACHABLE")
        : new RpcError(500, "INTERNAL");
  const hint =
    e instanceof CliError
      ? e.hint
      : e instanceof RpcError
        ? hintFor(e)
        : e instanceof NetworkError
          ? e.message
          : errorDetail(e);
  if (json) process.stderr.write(`${JSON.stringify({ error: { code: err.code, message: err.text, hint } })}\n`);
  else process.stderr.write(`${err.code} ${err.text}${hint ? `: ${hint}` : ""}\n`);
  return exitCodeOf(e);
}

function hintFor(e: RpcError): string | undefined {
  if (e.text === "AUTH_KEY_UNREGISTERED") return "not signed in; run `edgegram login`";
  if (e.text === "SERVER_KEY_MISMATCH")
    return "the server did not prove the pinned key: check --server and --server-key (or EDGEGRAM_SERVER_KEY)";
  if (e.text === "METHOD_INVALID") return "this server does not offer that feature yet";
  return undefined;
}

function errorDetail(e: unknown): string | undefined {
  return process.env.EDGEGRAM_DEBUG && e instanceof Error ? e.stack : undefined;
}

/** Writes one result: JSON when asked for, otherwise the human text. */
export class Output {
  readonly json: boolean;
  constructor(json: boolean) {
    this.json = json;
  }
  result(value: unknown, human: () => string): void {
    const text = this.json ? JSON.stringify(value) : human();
    if (text) process.stdout.write(`${text}\n`);
  }
  /** Status lines for people go to stderr, so stdout stays clean for scripts. */
  note(text: string): void {
    if (!this.json) process.stderr.write(`${text}\n`);
  }
}

// ------------------------------------------------------------------ formatting

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Unix seconds → "14:05" today, otherwise "2026-11-24 14:05" (local time). */
export function formatTime(unix: number, now = new Date()): string {
  const d = new Date(unix * 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (d.toDateString() === now.toDateString()) return hm;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`;
}

export function displayName(u: { first_name: string; last_name?: string; username?: string }): string {
  return [u.first_name, u.last_name].filter(Boolean).join(" ") || (u.username ? `@${u.username}` : "?");
}

/**
 * A progress bar on stderr, redrawn in place on a terminal; elsewhere (pipes, CI logs)
 * one line per 10 %, so logs stay readable. With --json, one JSON object per update instead.
 */
export class ProgressBar {
  private readonly total: number;
  private readonly label: string;
  private readonly json: boolean;
  private readonly tty = Boolean(process.stderr.isTTY);
  private lastDecile = -1;
  constructor(label: string, total: number, json: boolean) {
    this.label = label;
    this.total = total;
    this.json = json;
  }
  update(done: number): void {
    const ratio = this.total > 0 ? Math.min(1, done / this.total) : 1;
    const pct = Math.floor(ratio * 100);
    if (this.json) {
      process.stderr.write(`${JSON.stringify({ progress: { done, total: this.total, percent: pct } })}\n`);
      return;
    }
    const width = 30;
    const filled = Math.round(ratio * width);
    const line = `${this.label} [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${String(pct).padStart(3)}% ${formatBytes(done)}/${formatBytes(this.total)}`;
    if (this.tty) {
      process.stderr.write(`\r${line}\x1b[K`);
    } else if (Math.floor(pct / 10) !== this.lastDecile) {
      this.lastDecile = Math.floor(pct / 10);
      process.stderr.write(`${line}\n`);
    }
  }
  finish(): void {
    if (this.tty && !this.json) process.stderr.write("\n");
  }
}
