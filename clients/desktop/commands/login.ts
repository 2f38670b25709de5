/** `edgegram login`: phone → code → (2FA password) → (sign-up with a name); the session is saved. */

import { RpcError } from "../../../protocol/errors.ts";
import type { User } from "../../../protocol/model/user.ts";
import type { AuthorizationResult } from "../../../protocol/rpc/auth.ts";
import type { EdgegramClient } from "../../sdk/client.ts";
import { type Command, type CommandContext, stillSignedIn, stringOpt, withClient } from "../command.ts";
import { fetchDevCode } from "../config.ts";
import { CliError, displayName } from "../output.ts";
import { ask, askSecret } from "../prompt.ts";

export const login: Command = {
  name: "login",
  usage: "edgegram login [--phone <+number>] [--code <code> | --dev-code] [--password <pw>] [--first-name <name>]",
  summary: "sign in (or sign up) with a phone number and a one-time code",
  options: {
    phone: { type: "string" },
    code: { type: "string" },
    "dev-code": { type: "boolean" },
    password: { type: "string" },
    "first-name": { type: "string" },
    "last-name": { type: "string" },
  },
  run: (ctx) =>
    withClient(ctx.flags, async ({ client, session, server }) => {
      const known = await session.getJson<User>("user");
      if (known && (await stillSignedIn(client))) {
        ctx.out.result(
          { user: known, already: true },
          () => `Already signed in as ${displayName(known)} (id ${known.id})`,
        );
        return;
      }
      const user = await signIn(ctx, client, server);
      await session.setJson("user", user);
      ctx.out.result({ user }, () => `Signed in as ${displayName(user)} (id ${user.id})`);
    }),
};

async function signIn(ctx: CommandContext, client: EdgegramClient, server: string): Promise<User> {
  const phone = stringOpt(ctx, "phone") ?? (await ask("Phone number: "));
  const sent = await client.call("auth.sendCode", { phone_number: phone });
  const code =
    stringOpt(ctx, "code") ?? (ctx.opts["dev-code"] ? await requireDevCode(server, phone) : await ask("Code: "));
  const hash = sent.phone_code_hash;
  let auth: AuthorizationResult;
  try {
    auth = await client.call("auth.signIn", { phone_number: phone, phone_code_hash: hash, phone_code: code });
  } catch (e) {
    if (!(e instanceof RpcError && e.text === "SESSION_PASSWORD_NEEDED")) throw e;
    auth = await checkPassword(ctx, client);
  }
  if (auth._ === "auth.authorizationSignUpRequired") {
    ctx.out.note("No account with this number yet: signing up.");
    const fromPrompt = stringOpt(ctx, "first-name") === undefined;
    const firstName = stringOpt(ctx, "first-name") ?? (await ask("First name: "));
    const lastName = stringOpt(ctx, "last-name") ?? (fromPrompt ? await ask("Last name (optional): ") : undefined);
    auth = await client.call("auth.signUp", {
      phone_number: phone,
      phone_code_hash: hash,
      first_name: firstName,
      ...(lastName ? { last_name: lastName } : {}),
    });
  }
  if (auth._ !== "auth.authorization") throw new CliError(500, "SIGN_IN_FAILED");
  return auth.user;
}

/** Two-step verification: the password from --password, EDGEGRAM_PASSWORD, or asked (3 tries on a terminal). */
async function checkPassword(ctx: CommandContext, client: EdgegramClient): Promise<AuthorizationResult> {
  const given = stringOpt(ctx, "password") ?? process.env.EDGEGRAM_PASSWORD;
  if (given !== undefined) return client.call("auth.checkPassword", { password: given });
  for (let attempt = 1; ; attempt++) {
    const password = await askSecret("Two-step verification password: ");
    try {
      return await client.call("auth.checkPassword", { password });
    } catch (e) {
      if (!(e instanceof RpcError && e.text === "PASSWORD_HASH_INVALID") || attempt >= 3 || !process.stdin.isTTY)
        throw e;
      process.stderr.write("Wrong password, try again.\n");
    }
  }
}

async function requireDevCode(server: string, phone: string): Promise<string> {
  const code = await fetchDevCode(server, phone);
  if (!code) throw new CliError(404, "PHONE_CODE_NOT_FOUND", "the server has no dev code (is it in dev mode?)");
  return code;
}
