/** The terminal client's scriptable commands, run as real processes against the local system. */
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { User } from "../../protocol/model/user.ts";
import { cliEnv, EDGEGRAM, NODE, terminalUser } from "./desktop-cli.ts";
import { devCode, newPhone, server, signUp } from "./story.ts";

const srv = server();

async function signedUp(name: string) {
  const person = terminalUser(srv);
  const phone = newPhone();
  const { user } = await person.json<{ user: User }>(["login", "--phone", phone, "--dev-code", "--first-name", name]);
  return { ...person, user, phone };
}

describe("edgegram (scriptable)", { timeout: 300_000 }, () => {
  it("prints help and rejects unknown commands and options with exit 2", async () => {
    const cli = terminalUser(srv);
    const help = await cli.run(["--help"]);
    expect(help.code).toBe(0);
    for (const cmd of ["login", "logout", "chats", "send", "history", "watch"]) expect(help.stdout).toContain(cmd);
    const unknown = await cli.run(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^400 COMMAND_INVALID/);
    const noTerminal = await cli.run([]);
    expect([noTerminal.code, noTerminal.stderr]).toEqual([2, expect.stringMatching(/^400 TERMINAL_REQUIRED/)]);
    const badOption = await cli.run(["chats", "--bogus"]);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/^400 ARGUMENTS_INVALID/);
  });

  it("takes global options before the command, prints its version, and tells a wrong server key by exit 5", async () => {
    const alice = await signedUp("Vera");
    const run = (args: string[], env: NodeJS.ProcessEnv = cliEnv(srv)) =>
      spawnSync(NODE, [EDGEGRAM, ...args], { env, encoding: "utf8" });
    const before = run(["--config-dir", alice.configDir, "--json", "me"]);
    expect(before.status).toBe(0);
    expect(JSON.parse(before.stdout).user.id).toBe(alice.user.id);
    const version = run(["--version"]);
    expect([version.status, version.stdout.trim()]).toEqual([0, expect.stringMatching(/^edgegram \d+\.\d+\.\d+$/)]);
    // A key that is not the server's: the client refuses to talk, and says so with its own exit code.
    const stranger = terminalUser(srv);
    const wrongKey = run(["--config-dir", stranger.configDir, "--server-key", "ab".repeat(32), "me"]);
    expect(wrongKey.status).toBe(5);
    expect(wrongKey.stderr).toMatch(/^401 SERVER_KEY_MISMATCH/);
  });

  it("signs up with --dev-code, keeps the session in the config dir, and knows who is signed in", async () => {
    const alice = await signedUp("Alice");
    expect(alice.user.first_name).toBe("Alice");
    const file = join(alice.configDir, "session.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const me = await alice.json<{ user: User }>(["me"]);
    expect(me.user.id).toBe(alice.user.id);
    const human = await alice.run(["me"]);
    expect(human.stdout).toContain(`Alice (id ${alice.user.id})`);
    const again = await alice.json<{ already: boolean }>(["login"]);
    expect(again.already).toBe(true);
  });

  it("asks for phone, code and name on stdin when they are not given", async () => {
    const cli = terminalUser(srv);
    const phone = newPhone();
    // The code is only known after sendCode: answer the phone first, then read the dev code and answer the rest.
    const child = cli.spawn(["login"]);
    child.child.stdin?.write(`${phone}\n`);
    await child.stderrIncludes("Code: ");
    child.child.stdin?.write(`${await devCode(srv, phone)}\nDora\nExplorer\n`);
    child.child.stdin?.end();
    expect(await child.line((l) => l.startsWith("Signed in as"))).toMatch(/^Signed in as Dora Explorer \(id \d+\)$/);
    expect(child.stderr).toContain("First name: ");
  });

  it("asks for the two-step password and refuses a wrong one", async () => {
    const sdk = await signUp(srv, "Grace");
    await sdk.client.call("account.updatePasswordSettings", { new_password: "hunter22" });
    const cli = terminalUser(srv);
    const wrong = await cli.run(["login", "--phone", sdk.phone, "--dev-code", "--password", "nope"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^400 PASSWORD_HASH_INVALID/);
    const piped = await cli.run(["login", "--phone", sdk.phone, "--dev-code"], "hunter22\n");
    expect(piped.code).toBe(0);
    expect(piped.stderr).toContain("Two-step verification password");
    expect(piped.stdout).toContain(`Signed in as Grace (id ${sdk.user.id})`);
  });

  it("logs out: the server forgets the device and commands then exit 3", async () => {
    const bob = await signedUp("Bob");
    const out = await bob.run(["logout"]);
    expect(out.code).toBe(0);
    const me = await bob.run(["me"]);
    expect(me.code).toBe(3);
    expect(me.stderr).toMatch(/^401 AUTH_KEY_UNREGISTERED/);
    const chats = await bob.run(["chats", "--json"]);
    expect(chats.code).toBe(3);
    expect(JSON.parse(chats.stderr)).toMatchObject({ error: { code: 401, message: "AUTH_KEY_UNREGISTERED" } });
  });

  it("answers bad input with Telegram-style errors and meaningful exit codes", async () => {
    const cli = terminalUser(srv);
    const badPhone = await cli.run(["login", "--phone", "abc", "--dev-code"]);
    expect([badPhone.code, badPhone.stderr.trim()]).toEqual([1, "400 PHONE_NUMBER_INVALID"]);
    const noInput = await cli.run(["login"]);
    expect(noInput.code).toBe(2);
    expect(noInput.stderr).toMatch(/400 INPUT_REQUIRED/);
    const alice = await signedUp("Alice");
    const badPeer = await alice.run(["send", "not a peer!", "hi"]);
    expect(badPeer.code).toBe(1);
    expect(badPeer.stderr).toMatch(/^400 PEER_ID_INVALID/);
    const missing = await alice.run(["send", "@nobody_here_at_all", "hi"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^400 USERNAME_NOT_OCCUPIED|^404 /);
    const noText = await alice.run(["send", "42"]);
    expect(noText.code).toBe(2);
    const badLimit = await alice.run(["history", "42", "--limit", "5000"]);
    expect([badLimit.code, badLimit.stderr]).toEqual([2, expect.stringMatching(/^400 LIMIT_INVALID/)]);
  });

  it("pins the server key: a wrong key fails the handshake, an unreachable server exits 4", async () => {
    const cli = terminalUser(srv);
    const wrongKey = await cli.run(["login", "--phone", newPhone(), "--server-key", "ab".repeat(32)]);
    expect(wrongKey.code).not.toBe(0);
    expect(wrongKey.stderr).toMatch(/^\d{3} [A-Z_]+/);
    const badKey = await cli.run(["me", "--server-key", "xyz"]);
    expect([badKey.code, badKey.stderr]).toEqual([2, expect.stringMatching(/^400 SERVER_KEY_INVALID/)]);
    const down = await cli.run(["me", "--server", "http://127.0.0.1:9", "--server-key", srv.key]);
    expect([down.code, down.stderr]).toEqual([4, expect.stringMatching(/^503 SERVER_UNREACHABLE/)]);
    const remote = await cli.run(["me", "--server", "http://edgegram.invalid", "--server-key", ""]);
    expect(remote.code).toBe(2);
  });
});
