/** The command line before parsing: where the command name stands among the global options. */

/** The global options that take a value: the token after them is that value, not the command. */
const VALUE_OPTIONS = new Set(["--config-dir", "--server", "--server-key"]);

/** Finds the command name wherever it stands (`edgegram --config-dir X chats` as `edgegram chats --config-dir X`). */
export function splitCommand(argv: string[]): { name: string | undefined; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") break;
    if (arg.startsWith("-")) {
      if (VALUE_OPTIONS.has(arg)) i++;
      continue;
    }
    return { name: arg, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { name: undefined, rest: argv };
}
