/**
 * DirectoryObject: the one place that makes account-wide names unique —
 * phone → user id, username → user id, the user id sequence, sign-in codes
 * the name index behind contacts.search, and the device registry that lets a
 * chat push to many members at once (device-registry.ts), and sticker sets, whose names are
 * account-wide too (sticker-sets.ts). A single named instance.
 */

import { DurableObject } from "cloudflare:workers";
import { tallyObjectCall } from "../core/object-calls.ts";
import type { NewSet, SetEdit } from "../core/sticker-edits.ts";
import { Errors } from "../protocol/errors.ts";
import type { SetSticker, StickerSet } from "../protocol/model/sticker.ts";
import * as devices from "./device-registry.ts";
import { consumeVerified, issueCode, latestCode, loginCodesSchema, verifyCode } from "./login-codes.ts";
import { all, migrate, one, run } from "./sql.ts";
import * as stickers from "./sticker-sets.ts";

const schema = [
  ...loginCodesSchema,
  ...stickers.stickerSetsSchema,
  `CREATE TABLE IF NOT EXISTS users (
     id INTEGER PRIMARY KEY AUTOINCREMENT, phone TEXT UNIQUE, username TEXT UNIQUE COLLATE NOCASE,
     name TEXT NOT NULL DEFAULT '', bot INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL)`,
  // Built-in senders (the service account), found by kind: no user can take them over by a name.
  "CREATE TABLE IF NOT EXISTS system_accounts (kind TEXT PRIMARY KEY, user_id INTEGER NOT NULL)",
];

/** Where new account ids start: 10 digits, like the ids Telegram gives new accounts today. */
export const FIRST_ACCOUNT_ID = 7_000_000_000;

export class DirectoryObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    migrate(this.sql, schema);
    devices.initDeviceRegistry(this.sql);
  }

  // ------------------------------------------------------------ device registry (device-registry.ts)

  addDevices(userId: number, authKeyIds: string[]): void {
    this.ctx.storage.transactionSync(() => devices.addDevices(this.sql, userId, authKeyIds));
  }

  removeDevice(userId: number, authKeyId: string): void {
    devices.removeDevice(this.sql, userId, authKeyId);
  }

  pushTargets(userIds: number[]): devices.PushTargets {
    tallyObjectCall("directory");
    return devices.pushTargets(this.sql, userIds, (ids) => this.bots(ids));
  }

  /** Which of these accounts are bots (a chat asks once per member and remembers: an account never changes kind). */
  botsAmong(userIds: number[]): number[] {
    tallyObjectCall("directory");
    return [...this.bots(userIds)];
  }

  private bots(userIds: number[]): Set<number> {
    const rows = all<{ id: number }>(
      this.sql,
      "SELECT id FROM users WHERE bot = 1 AND id IN (SELECT value FROM json_each(?))",
      JSON.stringify(userIds),
    );
    return new Set(rows.map((r) => r.id));
  }

  /** `requester`: who asks (address or auth key, see auth.sendCode), limited apart from the phone. */
  sendCode(phone: string, requester: string): { hash: string; code: string } {
    return issueCode(this.sql, phone, Date.now(), undefined, requester);
  }

  /** Verifies the code; returns the user id if the phone is registered (consuming the code), else null. */
  signIn(phone: string, hash: string, code: string): number | null {
    const now = Date.now();
    // A wrong code must still count its attempt, so verification commits on its own.
    verifyCode(this.sql, phone, hash, code, now);
    return this.ctx.storage.transactionSync(() => {
      const user = one<{ id: number }>(this.sql, "SELECT id FROM users WHERE phone = ?", phone);
      if (user) consumeVerified(this.sql, phone, hash, now);
      return user?.id ?? null;
    });
  }

  /** Registers a phone whose code was verified by signIn; returns the new user id. */
  signUp(phone: string, hash: string, name: string): number {
    // One transaction: a failure after the code is consumed must not leave a burnt code and no account.
    return this.ctx.storage.transactionSync(() => {
      if (one(this.sql, "SELECT id FROM users WHERE phone = ?", phone))
        throw Errors.badRequest("PHONE_NUMBER_OCCUPIED");
      consumeVerified(this.sql, phone, hash, Date.now());
      return this.createUser(phone, name, false);
    });
  }

  /**
   * Bots and other accounts without a phone are created here too. New accounts get Telegram-shaped
   * ids (10 digits, from FIRST_ACCOUNT_ID on): bot libraries check them (python-telegram-bot refuses a
   * token whose bot id is shorter than 3 digits). Accounts made before keep their small ids.
   */
  createUser(phone: string | null, name: string, bot: boolean): number {
    const row = one<{ id: number }>(
      this.sql,
      `INSERT INTO users (id, phone, name, bot, created)
         VALUES ((SELECT max(coalesce(max(id), 0) + 1, ?) FROM users), ?, ?, ?, ?) RETURNING id`,
      FIRST_ACCOUNT_ID,
      phone,
      name,
      bot ? 1 : 0,
      Date.now(),
    );
    if (!row) throw Errors.internal();
    return row.id;
  }

  /**
   * Development only (the /dev/accounts route of scale runs): accounts for these phones in one
   * transaction, each with its device (if any) in the registry as sign-in registers it. A phone taken
   * or repeated refuses the whole batch (PHONE_NUMBER_OCCUPIED) with nothing written.
   */
  createAccounts(accounts: { phone: string; authKeyId: string | null }[], name: string): number[] {
    return this.ctx.storage.transactionSync(() => {
      if (new Set(accounts.map((a) => a.phone)).size !== accounts.length)
        throw Errors.badRequest("PHONE_NUMBER_OCCUPIED");
      return accounts.map((a) => {
        if (this.userIdByPhone(a.phone) !== null) throw Errors.badRequest("PHONE_NUMBER_OCCUPIED");
        const id = this.createUser(a.phone, name, false);
        if (a.authKeyId) devices.addDevices(this.sql, id, [a.authKeyId]);
        return id;
      });
    });
  }

  /** Which of these accounts exist, and whether each is a bot: one lookup for a page of users. */
  accountKinds(userIds: number[]): { id: number; bot: boolean }[] {
    return all<{ id: number; bot: number }>(
      this.sql,
      "SELECT u.id, u.bot FROM json_each(?) j JOIN users u ON u.id = j.value",
      JSON.stringify(userIds),
    ).map((r) => ({ id: r.id, bot: r.bot === 1 }));
  }

  /** The account of a built-in sender (`kind`), created on first use in the same transaction that records it. */
  systemAccount(kind: string, name: string): number {
    return this.ctx.storage.transactionSync(() => {
      const row = one<{ user_id: number }>(this.sql, "SELECT user_id FROM system_accounts WHERE kind = ?", kind);
      if (row) return row.user_id;
      const id = this.createUser(null, name, false);
      run(this.sql, "INSERT INTO system_accounts (kind, user_id) VALUES (?, ?)", kind, id);
      return id;
    });
  }

  setName(userId: number, name: string): void {
    run(this.sql, "UPDATE users SET name = ? WHERE id = ?", name, userId);
  }

  /** Claims (or with null, releases) a username; USERNAME_OCCUPIED if another account holds it. */
  setUsername(userId: number, username: string | null): void {
    if (username) {
      const holder = one<{ id: number }>(this.sql, "SELECT id FROM users WHERE username = ?", username);
      if (holder && holder.id !== userId) throw Errors.badRequest("USERNAME_OCCUPIED");
      if (holder) return;
    }
    run(this.sql, "UPDATE users SET username = ? WHERE id = ?", username, userId);
  }

  resolveUsername(username: string): number | null {
    return one<{ id: number }>(this.sql, "SELECT id FROM users WHERE username = ?", username)?.id ?? null;
  }

  /** The account registered with this phone (normalised "+digits"), for contact cards. */
  userIdByPhone(phone: string): number | null {
    return one<{ id: number }>(this.sql, "SELECT id FROM users WHERE phone = ?", phone)?.id ?? null;
  }

  exists(userId: number): boolean {
    return one(this.sql, "SELECT id FROM users WHERE id = ?", userId) !== null;
  }

  /** Prefix search over usernames and names, for contacts.search. */
  search(q: string, limit: number): number[] {
    const like = `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return all<{ id: number }>(
      this.sql,
      `SELECT id FROM users WHERE username LIKE ?1 ESCAPE '\\' OR name LIKE ?1 ESCAPE '\\'
         OR name LIKE ?2 ESCAPE '\\' ORDER BY id LIMIT ?3`,
      like,
      `% ${like}`,
      limit,
    ).map((r) => r.id);
  }

  // ------------------------------------------------------------ sticker sets (sticker-sets.ts)

  createStickerSet(botId: number, input: NewSet): StickerSet {
    return this.ctx.storage.transactionSync(() => stickers.createSet(this.sql, botId, input));
  }

  editStickerSet(botId: number, edit: SetEdit): StickerSet | null {
    return this.ctx.storage.transactionSync(() => stickers.editSet(this.sql, botId, edit));
  }

  stickerSet(name: string): StickerSet {
    return stickers.stickerSet(this.sql, name);
  }

  setStickers(mediaIds: string[]): SetSticker[] {
    return stickers.setStickers(this.sql, mediaIds);
  }

  setChatStickerSet(chatKey: string, name: string | null): void {
    stickers.setChatSet(this.sql, chatKey, name);
  }

  chatStickerSet(chatKey: string): string | null {
    return stickers.chatSet(this.sql, chatKey);
  }

  /** Dev-only: the gateway exposes this only when DEV_MODE is on. */
  devLatestCode(phone: string): string | null {
    return latestCode(this.sql, phone, Date.now());
  }
}
