/** `edgegram join <link>`: the terminal client joins by an invite link, or asks to when an admin approves. */
import { describe, expect, it } from "vitest";
import { terminalUser } from "./desktop-cli.ts";
import { server, signUp } from "./story.ts";

const srv = server();

describe("edgegram join", { timeout: 120_000 }, () => {
  it("joins by a link, says so again when already in, asks through a request link, refuses a revoked one", async () => {
    const olga = await signUp(srv, "Olga");
    const { chat } = await olga.client.call("channels.createChannel", { title: "Night owls", megagroup: true });
    const peer = { _: "channel" as const, id: chat.id };
    const open = await olga.client.call("messages.exportChatInvite", { peer });
    const ask = await olga.client.call("messages.exportChatInvite", { peer, request_needed: true });
    const gone = await olga.client.call("messages.exportChatInvite", { peer });
    await olga.client.call("messages.editExportedChatInvite", { peer, link: gone.link, revoked: true });

    const bob = await signUp(srv, "Bob");
    const cli = terminalUser(srv);
    await cli.json(["login", "--phone", bob.phone, "--dev-code"]);
    const joined = await cli.run(["join", open.link]);
    expect(joined, joined.stderr).toMatchObject({ code: 0, stdout: "joined Night owls (2 members)\n" });
    const again = await cli.run(["join", open.hash]);
    expect(again, again.stderr).toMatchObject({ code: 0, stdout: "already in Night owls\n" });

    const carol = await signUp(srv, "Carol");
    const other = terminalUser(srv);
    await other.json(["login", "--phone", carol.phone, "--dev-code"]);
    expect(await other.json(["join", ask.link])).toEqual({ joined: false, requested: true, title: "Night owls" });
    const refused = await other.run(["join", gone.link]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("INVITE_HASH_EXPIRED");
    expect(await other.run(["join"])).toMatchObject({ code: 2 });
  });
});
