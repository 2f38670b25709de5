/** BotFather in the messenger: a user creates a bot by talking to it, sets its commands and revokes its token. */
import { describe, expect, it } from "vitest";
import { type Person, person, pushed, say } from "../messaging/people.ts";
import { botCall } from "./helpers.ts";

/** Sends `text` to BotFather and returns its answer. */
async function ask(user: Person, fatherId: number, text: string): Promise<string> {
  const answer = pushed(user, "updateNewMessage", (u) => u.message.from_id === fatherId && !u.message.out === true);
  await say(user, { id: fatherId }, text);
  return (await answer).message.message as string;
}

describe("BotFather", () => {
  it("creates a bot in a conversation, sets its commands and revokes its token", async () => {
    const alice = await person("Alice");
    const { user: father } = await alice.call<{ user: { id: number; username: string; bot: boolean } }>(
      "bots.getBotFather",
    );
    expect(father).toMatchObject({ username: "BotFather", bot: true });

    expect(await ask(alice, father.id, "/newbot")).toContain("How are we going to call it?");
    expect(await ask(alice, father.id, "Weather Helper")).toContain("choose a username");
    const username = `wx${Date.now().toString(36)}_bot`;
    const done = await ask(alice, father.id, username);
    expect(done).toContain(`Done! Congratulations on your new bot. You will find it at @${username}.`);
    const token = /\n(\d+:[A-Za-z0-9_-]{35,})\n/.exec(done)?.[1] ?? "";
    const me = await botCall(token, "getMe");
    expect(me.body.result).toMatchObject({ first_name: "Weather Helper", username, is_bot: true });

    expect(await ask(alice, father.id, `/setcommands @${username}`)).toContain("Send me a list of commands");
    expect(await ask(alice, father.id, "forecast - Tomorrow's weather\nnow - Weather right now")).toContain("Success!");
    expect((await botCall(token, "getMyCommands")).body.result).toEqual([
      { command: "forecast", description: "Tomorrow's weather" },
      { command: "now", description: "Weather right now" },
    ]);

    const revoked = await ask(alice, father.id, `/revoke ${username}`);
    const fresh = /\n(\d+:[A-Za-z0-9_-]{35,})$/.exec(revoked)?.[1] ?? "";
    expect(fresh).not.toBe(token);
    expect((await botCall(token, "getMe")).status).toBe(401);
    expect((await botCall(fresh, "getMe")).status).toBe(200);
  });

  it("refuses to manage someone else's bot and explains bad usernames", async () => {
    const bob = await person("Bob");
    const mallory = await person("Mallory");
    const { user: father } = await bob.call<{ user: { id: number } }>("bots.getBotFather");
    await ask(bob, father.id, "/newbot");
    await ask(bob, father.id, "Bob's bot");
    expect(await ask(bob, father.id, "not_a_valid_name")).toContain("this username is invalid");
    const username = `bb${Date.now().toString(36)}bot`;
    expect(await ask(bob, father.id, username)).toContain("Done!");
    expect(await ask(mallory, father.id, `/token @${username}`)).toContain("You can only manage your own bots");
  });
});
