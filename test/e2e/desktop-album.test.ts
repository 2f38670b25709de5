/** The terminal client prints an album (messages sharing a grouped_id) as one history entry. */
import { describe, expect, it } from "vitest";
import { uploadFile } from "../../clients/sdk/index.ts";
import { makePng } from "../media/png.ts";
import { terminalUser } from "./desktop-cli.ts";
import { server, signUp } from "./story.ts";

const srv = server();

describe("edgegram history with an album", { timeout: 120_000 }, () => {
  it("Should print the album's photos and caption on one line, between the messages around it", async () => {
    const alice = await signUp(srv, "Alice");
    const bob = await signUp(srv, "Bob");
    const peer = { _: "user" as const, id: bob.user.id };
    await alice.client.call("messages.sendMessage", { peer, message: "before", random_id: String(Date.now()) });
    const refs = await Promise.all(
      ["a.png", "b.png"].map(async (name, i) =>
        uploadFile(alice.client, await makePng(40 + i, 30), { mimeType: "image/png", name }),
      ),
    );
    const album = await alice.client.call("messages.sendMultiMedia", {
      peer,
      multi_media: refs.map((r, i) => ({
        media: { media_id: r.media_id, access_hash: r.access_hash },
        message: i === 0 ? "Beach day" : "",
        random_id: String(Date.now() * 10 + i),
      })),
    });
    await alice.client.call("messages.sendMessage", { peer, message: "after", random_id: String(Date.now() + 7) });

    const cli = terminalUser(srv);
    await cli.json(["login", "--phone", bob.phone, "--dev-code"]);
    const out = await cli.run(["history", String(alice.user.id), "--limit", "10"]);
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split("\n");
    const [first, second] = album.messages.map((m) => m.id);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain("Alice: before");
    expect(lines[1]).toMatch(
      new RegExp(`^#${first}–#${second} .* Alice: \\[album: photo a\\.png, .* \\| photo b\\.png, .*\\] Beach day$`),
    );
    expect(lines[2]).toContain("Alice: after");
  });
});
