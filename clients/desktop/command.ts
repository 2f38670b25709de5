/** The shape of one `edgegram <command>`, and the helpers every command shares. */
import type { ParseArgsOptionsConfig } from "node:util";
import { RpcError } from "../../protocol/errors.ts";
import type { User } from "../../protocol/model/user.ts";
import type { EdgegramClient } from "../sdk/client.ts";
import { type GlobalFlags, openClient, type Session } from "./config.ts";
import { CliError, type Output } from "./output.ts";

export interface CommandContext {
  /** Positional arguments after the command name. */
  args: string[];
  opts: Record<string, string | boolean | (string | boolean)[] | undefined>;
  flags: GlobalFlags;
  out: Output;
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  options: ParseArgsOptionsConfig;
  run(ctx: CommandContext): Promise<void>;
}

export interface Connected {
  client: EdgegramClient;
  session: Session;
  server: string;
}

/** Runs `fn` with a connected client and always closes it, so the process can exit. */
export async function withClient<T>(flags: GlobalFlags, fn: (c: Connected) => Promise<T>): Promise<T> {
  const c = await openClient(flags);
  try {
    return await fn(c);
  } finally {
    c.client.close();
  }
}

/** The signed-in user this session remembers; the server still checks every call. */
export async function signedInUser(session: Session): Promise<User> {
  const user = await session.getJson<User>("user");
  if (!user) throw new CliError(401, "AUTH_KEY_UNREGISTERED", "not signed in; run `edgegram login`");
  return user;
}

/** Asks the server whether this device is still signed in (it may have been logged out elsewhere). */
export async function stillSignedIn(client: EdgegramClient): Promise<boolean> {
  try {
    await client.call("account.getPassword", {});
    return true;
  } catch (e) {
    if (e instanceof RpcError && e.code === 401) return false;
    throw e;
  }
}

export function stringOpt(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.opts[name];
  return typeof v === "string" ? v : undefined;
}
