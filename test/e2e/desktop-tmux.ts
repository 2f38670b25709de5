/**
 * Drives the terminal client's full-screen UI in a real pseudo-terminal (tmux,
 * on a private tmux server): type, press keys, read the screen.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

let sessions = 0;

export class TmuxScreen {
  private readonly socket = `edgegram-test-${process.pid}`;
  readonly name: string;

  private constructor(name: string) {
    this.name = name;
  }

  /** Starts `command` in a 120×40 terminal; "EXITED <code>" is printed when it ends. */
  static start(command: string[], env: Record<string, string>): TmuxScreen {
    const screen = new TmuxScreen(`ui${++sessions}`);
    const quoted = command.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
    const vars = Object.entries(env).map(([k, v]) => `${k}='${v}'`);
    // CI must not leak into the UI: ink renders only a final frame when it thinks it runs in CI.
    const shell = `env -u CI ${vars.join(" ")} ${quoted}; echo EXITED $?; sleep 600`;
    screen.tmux("new-session", "-d", "-s", screen.name, "-x", "120", "-y", "40", shell);
    return screen;
  }

  private tmux(...args: string[]): string {
    return execFileSync("tmux", ["-L", this.socket, ...args], { encoding: "utf8" });
  }

  type(text: string): void {
    this.tmux("send-keys", "-t", this.name, "-l", text);
  }

  /** Pastes `text` as a terminal does: bracketed (ESC[200~ … ESC[201~) when the app asked for it. */
  paste(text: string): void {
    execFileSync("tmux", ["-L", this.socket, "load-buffer", "-b", "paste", "-"], { input: text });
    this.tmux("paste-buffer", "-p", "-d", "-b", "paste", "-t", this.name);
  }

  /** tmux key names: Enter, Tab, Escape, C-c, Up, Down … */
  press(...keys: string[]): void {
    for (const k of keys) this.tmux("send-keys", "-t", this.name, k);
  }

  screen(): string {
    return this.tmux("capture-pane", "-p", "-t", this.name);
  }

  /**
   * Waits until the screen shows `what`; returns the screen. The bound is generous (a liveness
   * check on a loaded machine, not a speed assertion) and the failure shows what was on screen.
   */
  async waitFor(what: string | RegExp, withinMs = 90_000): Promise<string> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const s = this.screen();
      if (typeof what === "string" ? s.includes(what) : what.test(s)) return s;
      if (Date.now() > deadline) throw new Error(`screen never showed ${what}; it shows:\n${s}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /** Keeps what the screen shows as a test artifact (test-artifacts/<name>.txt). */
  save(file: string): string {
    const s = this.screen();
    mkdirSync("test-artifacts", { recursive: true });
    writeFileSync(join("test-artifacts", `${file}.txt`), s);
    return s;
  }

  kill(): void {
    try {
      this.tmux("kill-session", "-t", this.name);
    } catch {
      // already gone
    }
  }
}
