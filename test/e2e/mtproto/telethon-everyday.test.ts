/**
 * Telethon, unchanged, as its users use it (high-level API over its default TCP transport): private
 * chats, files, pins, reactions, deletions, a basic group, a channel joined by invite link, contacts and
 * the block list, a profile photo, and what clients read on start. Every step must give what Telegram would.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { testPhoto } from "../../browser/photo.ts";
import { newPhone, server } from "../story.ts";
import { runPythonScript } from "./python-script.ts";

describe("Telethon, everyday use", () => {
  it("chats, files, groups, channels, invite links, contacts, profile photos and settings through Telethon's own API", async () => {
    const srv = server();
    const photoPath = join(mkdtempSync(join(tmpdir(), "everyday-")), "bands.png");
    writeFileSync(photoPath, testPhoto(640, 480));
    const args = {
      url: srv.url,
      tcp_port: inject("mtprotoTcpPort"),
      pem: inject("mtprotoPublicKeyPem"),
      phones: [newPhone(), newPhone(), newPhone()],
      photo_path: photoPath,
    };
    let out: Record<string, unknown> = {};
    const run = await runPythonScript("telethon_everyday.py", args, (line) => {
      if (line.startsWith("{")) out = JSON.parse(line);
      return undefined;
    });
    expect(run.code, run.stderr).toBe(0);
    expect(out).toMatchObject({
      // Ids alone, in the order asked; an unknown id is None (messageEmpty).
      by_ids: ["hello again Ben", "and a reply", null],
      reply_to: true,
      search: ["and a reply"],
      ben_sees: ["hello again Ben", "and a reply"],
      ben_bold: ["MessageEntityBold"],
      ann_dialog_read_outbox: true,
      photo_caption: "a photo",
      photo_sizes: ["s", "m", "y"],
      doc_ok: true,
      after_delete: ["hello again Ben", "a photo"],
      group_members: ["Ann", "Ben"],
      group_after_leave: ["Ann"],
      invite_title: "Daily",
      cid_reads_channel: ["first post"],
      contacts: ["Cid"],
      blocked: ["Cid"],
      ben_sees_photo: "UserProfilePhoto",
      profile_photo_ok: true,
      profile_photos: 1,
      deleted_photos: 1,
      profile_photos_after: 0,
      app_config: "JsonObject",
      folders: [],
      privacy: ["PrivacyValueAllowAll"],
      global_search: ["hello again Ben"],
      ben_after_clear: 0,
      ann_after_ben_clears: true,
    });
    expect(out.photo_bytes).toBeGreaterThan(1000);
  }, 180_000);
});
