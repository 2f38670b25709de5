#!/usr/bin/env -S node --disable-warning=ExperimentalWarning
/**
 * `edgegram`: the terminal client. With a command it runs once and exits
 * (scriptable: --json, exit codes); with none it opens the full-screen chat UI.
 * Run it from the repo as `npx edgegram` (Node 22 from node_modules).
 */
import { readFileSync } from "node:fs";
import { type ParseArgsOptionsConfig, parseArgs } from "node:util";
import { splitCommand } from "./argv.ts";
import type { Command } from "./command.ts";
import { chats } from "./commands/chats.ts";
import { download } from "./commands/download.ts";
import { history } from "./commands/history.ts";
import { join } from "./commands/join.ts";
import { login } from "./commands/login.ts";
import { logout } from "./commands/logout.ts";
import { me } from "./commands/me.ts";
import { dice, poll, vote } from "./commands/poll.ts";
import { send } from "./commands/send.ts";
import { upload } from "./commands/upload.ts";
import { watch } from "./commands/watch.ts";
import { expandHome, type GlobalFlags } from "./config.ts";
import { ExitCode, Output, reportError, usageError } from "./output.ts";
import { closePrompts } from "./prompt.ts";

const commands: Command[] = [login, logout, me, chats, join, send, history, upload, download, watch, poll, vote, dice];

const globalOptions: ParseArgsOptionsConfig = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
  "config-dir": { type: "string" },
  server: { type: "string" },
  "server-key": { type: "string" },
  "trust-server-key": { type: "boolean" },
};

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `Edgegram terminal client

Usage:
  edgegram                      open the interactive chat screen
  edgegram <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Options for every command:
  --json                 machine-readable output (one JSON value per line)
  --config-dir <dir>     where the session lives (default $XDG_CONFIG_HOME/edgegram
                         or ~/.config/edgegram; env EDGEGRAM_CONFIG_DIR)
  --server <url>         server URL (env EDGEGRAM_SERVER; default http://127.0.0.1:8787)
  --server-key <hex>     the server's Ed25519 public key to pin (env EDGEGRAM_SERVER_KEY;
                         for a local server it is derived from the repo's .dev.vars)
  --trust-server-key     accept the key the server announces (first use only; then pinned)
  -h, --help             this help, or \`edgegram <command> --help\`
  -V, --version          the client's version
Options may come before or after the command. NO_COLOR=1 turns colours off.

Exit codes: 0 ok, 1 request refused, 2 wrong arguments, 3 not signed in,
4 server unreachable, 5 the server's key differs from the pinned one, 130 interrupted.
Errors go to stderr as "<code> <REASON>".
`;
}

function clientVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

async function main(argv: string[]): Promise<number> {
  const { name, rest } = splitCommand(argv);
  const command = name ? commands.find((c) => c.name === name) : undefined;
  if (name && !command) throw usageError("COMMAND_INVALID", `unknown command "${name}"; see edgegram --help`);
  const { values, positionals } = parseArgs({
    args: rest,
    options: { ...globalOptions, ...command?.options },
    allowPositionals: true,
    strict: true,
  });
  const out = new Output(values.json === true);
  if (values.version) {
    out.result({ version: clientVersion() }, () => `edgegram ${clientVersion()}`);
    return ExitCode.ok;
  }
  if (values.help) {
    process.stdout.write(command ? `Usage: ${command.usage}\n  ${command.summary}\n` : helpText());
    return ExitCode.ok;
  }
  const flags: GlobalFlags = {
    configDir: values["config-dir"] === undefined ? undefined : expandHome(values["config-dir"] as string),
    server: values.server as string | undefined,
    serverKey: values["server-key"] as string | undefined,
    trustServerKey: values["trust-server-key"] === true,
  };
  if (!command) {
    if (positionals.length) throw usageError("COMMAND_INVALID", "see edgegram --help");
    const { runInteractive } = await import("./ui/app.ts");
    await runInteractive(flags);
    return ExitCode.ok;
  }
  await command.run({ args: positionals, opts: values, flags, out });
  return ExitCode.ok;
}

function parseErrorOf(e: unknown): unknown {
  // util.parseArgs throws TypeErrors with codes like ERR_PARSE_ARGS_UNKNOWN_OPTION.
  const code = (e as { code?: string }).code;
  if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) {
    return usageError("ARGUMENTS_INVALID", (e as Error).message);
  }
  return e;
}

// NO_COLOR (no-color.org): chalk, under ink, only reads FORCE_COLOR.
if (process.env.NO_COLOR) process.env.FORCE_COLOR = "0";
const json = process.argv.includes("--json");
// A failure outside any awaited call still ends with "<code> <REASON>" and an exit code, never a stack trace.
process.on("unhandledRejection", (e) => {
  process.exitCode = reportError(e, json);
  process.exit();
});
main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e: unknown) => {
    process.exitCode = reportError(parseErrorOf(e), json);
  })
  .finally(closePrompts);
