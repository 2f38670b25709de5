/** A UserObject's plain modules over real SQLite: the profile, the authorizations, and what a logged batch pushes. */
import { describe, expect, it } from "vitest";
import * as authorizations from "../../../../durable-objects/authorizations.ts";
import { initDialogSettings } from "../../../../durable-objects/dialog-settings.ts";
import { initProfilePhotos } from "../../../../durable-objects/profile-photos.ts";
import type { ChatEvent } from "../../../../durable-objects/update-log.ts";
import { initUpdateLog } from "../../../../durable-objects/update-log.ts";
import * as profile from "../../../../durable-objects/user-profile.ts";
import { appendChatEvents, pushPlan } from "../../../../durable-objects/user-updates.ts";
import { RpcError } from "../../../../protocol/errors.ts";
import { memorySql } from "../../sqlite.ts";

const T0 = 1_800_000_000_000;

function account(p: profile.NewProfile = { id: 7, first_name: "Ann", phone: "15550007" }) {
  const sql = memorySql();
  profile.initProfile(sql);
  initProfilePhotos(sql);
  authorizations.initAuthorizations(sql);
  initUpdateLog(sql);
  initDialogSettings(sql);
  profile.createProfile(sql, p, T0);
  return sql;
}

const rpcText = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof RpcError ? e.text : `not an RpcError: ${e}`;
  }
  return "no error";
};

describe("user profile", () => {
  it("shows the phone only to the user themself, and a person's presence as it stands", () => {
    const sql = account();
    expect(profile.userSeenBy(sql, 7, T0)).toEqual({
      id: 7,
      first_name: "Ann",
      phone: "15550007",
      self: true,
      status: { _: "empty" },
    });
    profile.setOnline(sql, true, T0);
    const seen = profile.userSeenBy(sql, 8, T0 + 1000);
    expect(seen.phone).toBeUndefined();
    expect(seen.self).toBeUndefined();
    expect(seen.status).toEqual({ _: "online", expires: Math.floor((T0 + profile.ONLINE_TTL_S * 1000) / 1000) });
    profile.setOnline(sql, false, T0 + 5000);
    expect(profile.userSeenBy(sql, 8, T0 + 6000).status).toEqual({
      _: "offline",
      was_online: Math.floor((T0 + 5000) / 1000),
    });
  });

  it("a second setup changes nothing; a bot has no presence and says it is one", () => {
    const sql = account();
    profile.createProfile(sql, { id: 7, first_name: "Other" }, T0);
    expect(profile.profileOf(sql).first_name).toBe("Ann");
    expect(profile.botIdOf(sql)).toBeNull();
    const bot = account({ id: 9, first_name: "Helper", bot: true });
    expect(profile.botIdOf(bot)).toBe(9);
    expect(profile.userSeenBy(bot, 7, T0)).toEqual({ id: 9, first_name: "Helper", bot: true });
  });

  it("names the new full name only when the patch touched it; an empty last name clears it", () => {
    const sql = account();
    expect(profile.patchProfile(sql, { about: "hi" })).toEqual({ id: 7, name: null });
    expect(profile.patchProfile(sql, { last_name: "Lee" })).toEqual({ id: 7, name: "Ann Lee" });
    expect(profile.patchProfile(sql, { last_name: "" })).toEqual({ id: 7, name: "Ann" });
    expect(profile.profileOf(sql)).toMatchObject({ first_name: "Ann", last_name: null, about: "hi" });
  });

  it("refuses an account that is not set up with USER_ID_INVALID", () => {
    const sql = memorySql();
    profile.initProfile(sql);
    expect(rpcText(() => profile.profileOf(sql))).toBe("USER_ID_INVALID");
    expect(profile.botIdOf(sql)).toBeUndefined();
  });
});

describe("authorizations", () => {
  it("lists devices by last activity, marks the asking one, and keeps a device's first sign-in date", () => {
    const sql = account();
    authorizations.addAuthorization(sql, "aa", "Phone", "app", T0);
    authorizations.addAuthorization(sql, "bb", "Laptop", "web", T0 + 1000);
    authorizations.addAuthorization(sql, "aa", "Phone", "app", T0 + 2000);
    const list = authorizations.listAuthorizations(sql, "bb");
    expect(list.map((a) => [a.hash, a.current])).toEqual([
      ["aa", false],
      ["bb", true],
    ]);
    expect(list[0]).toMatchObject({ date_created: T0 / 1000, date_active: (T0 + 2000) / 1000 });
    expect(authorizations.authKeyIdsOf(sql).sort()).toEqual(["aa", "bb"]);
  });

  it("removes a device once; an unknown one is HASH_INVALID", () => {
    const sql = account();
    authorizations.addAuthorization(sql, "aa", "Phone", "app", T0);
    authorizations.deleteAuthorization(sql, "aa");
    expect(authorizations.authKeyIdsOf(sql)).toEqual([]);
    expect(rpcText(() => authorizations.deleteAuthorization(sql, "aa"))).toBe("HASH_INVALID");
  });
});

describe("what a logged batch pushes", () => {
  const event = (n: number, senderDevice?: string): ChatEvent => ({
    id: `private:7:8#${n}`,
    seq: n,
    chatKey: "private:7:8",
    peer: { _: "user", id: 8 },
    update: { _: "updateReadHistoryOutbox", peer: { _: "user", id: 8 }, max_id: n },
    ...(senderDevice ? { senderDevice } : {}),
  });

  it("pushes fresh updates, skips the device the whole batch came from, and names the newest pts", () => {
    const sql = account();
    const { results } = appendChatEvents(sql, [event(1, "dev"), event(2, "dev")], undefined, T0 / 1000);
    expect(pushPlan(results, false)).toMatchObject({ newestPts: 2, senderDevice: "dev" });
    const mixed = appendChatEvents(sql, [event(3, "dev"), event(4)], 2, T0 / 1000).results;
    const plan = pushPlan(mixed, false);
    expect(plan.senderDevice).toBeUndefined();
    expect(plan.updates.map((u) => ("pts" in u ? u.pts : 0))).toEqual([3, 4]);
  });

  it("a redelivered batch is not pushed to a person's devices again, but reaches a bot's queue again", () => {
    const sql = account();
    appendChatEvents(sql, [event(1)], undefined, T0 / 1000);
    const again = appendChatEvents(sql, [event(1)], 1, T0 / 1000).results;
    expect(again.map((r) => r.fresh)).toEqual([false]);
    expect(pushPlan(again, false)).toEqual({ newestPts: undefined, updates: [], senderDevice: undefined });
    expect(pushPlan(again, true).updates).toHaveLength(1);
  });
});
