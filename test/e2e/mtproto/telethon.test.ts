/**
 * Telethon (Debian's python3-telethon 1.25; .ci/run installs it) over the MTProto HTTP transport, run
 * as a subprocess. Its HTTP reader has a Python 3 bug that breaks it against any server; the script
 * replaces that one function with the fixed line (telethon_flow.py says which). Then: key creation, help.getConfig, sign-up, sign-in on a second device,
 * the device list, log-out, a 2FA password (set over the Edgegram protocol) by SRP, and a bot's token.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { personWithBot } from "../bot-story.ts";
import { newPhone, signUp } from "../story.ts";
import { hostPort } from "./server-key.ts";

const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const SCRIPT = new URL("./telethon_flow.py", import.meta.url).pathname;

describe("Telethon over HTTP", () => {
  it("creates a key, signs up, signs in twice, lists, logs out, signs in with 2FA and as a bot", async () => {
    const srv = { url: inject("serverUrl"), key: inject("serverKey") };
    const withPassword = await signUp(srv, "Pass");
    await withPassword.client.call("account.updatePasswordSettings", { new_password: "tele secret" });
    const { token, botId } = await personWithBot(srv, "Tele");
    const args = {
      url: srv.url,
      port: hostPort(srv.url).port,
      pem: inject("mtprotoPublicKeyPem"),
      phone: newPhone(),
      password_phone: withPassword.phone,
      password: "tele secret",
      bot_token: token,
    };
    const run = spawnSync(PYTHON, [SCRIPT, JSON.stringify(args)], { encoding: "utf8", timeout: 150_000 });
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const out = JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}");
    expect(out).toEqual({
      this_dc: 2,
      first_name: "Tele",
      same_user: true,
      authorizations: 2,
      password_user: withPassword.user.id,
      bot: { id: botId, is_bot: true },
    });
    withPassword.client.close();
  }, 180_000);
});
