/**
 * UserObject: one per account. Holds the profile, the 2FA password, the
 * authorizations (devices, by auth key) and pushes to them.
 */

import { DurableObject } from "cloudflare:workers";
import { logFailure } from "../core/log.ts";
import { tallyObjectCall } from "../core/object-calls.ts";
import { authKeyObjectOf, botObjectOf, directoryOf } from "../core/objects.ts";
import { skippedForBots } from "../protocol/bot-api/convert.ts";
import { Errors } from "../protocol/errors.ts";
import type { PeerNotifySettings } from "../protocol/model/chat.ts";
import type { Peer } from "../protocol/model/peer.ts";
import type { DraftMessage, Update } from "../protocol/model/update.ts";
import type { Authorization, ProfilePhoto, User } from "../protocol/model/user.ts";
import type { UpdatesState } from "../protocol/rpc/updates.ts";
import { encodeUpdates } from "../protocol/transport.ts";
import * as contacts from "./contacts.ts";
import * as dialogSettings from "./dialog-settings.ts";
import * as drafts from "./drafts.ts";
import { pushToDevices } from "./member-push.ts";
import * as boxes from "./message-boxes.ts";
import * as password from "./password.ts";
import { type SrpParams, srpSchema } from "./password-srp.ts";
import * as profilePhotos from "./profile-photos.ts";
import { PushQueue } from "./push-queue.ts";
import { all, migrate, one, run } from "./sql.ts";
import * as log from "./update-log.ts";

/** Online status lasts this long after the last activity unless renewed. */
const ONLINE_TTL_S = 300;

const schema = [
  `CREATE TABLE IF NOT EXISTS profile (
     id INTEGER PRIMARY KEY, first_name TEXT NOT NULL, last_name TEXT, username TEXT, phone TEXT,
     about TEXT, bot INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL,
     online_until INTEGER NOT NULL DEFAULT 0, last_seen INTEGER NOT NULL DEFAULT 0)`,
  ...password.passwordSchema,
  ...srpSchema,
  `CREATE TABLE IF NOT EXISTS authorizations (
     auth_key_id TEXT PRIMARY KEY, device_model TEXT NOT NULL, app_name TEXT NOT NULL,
     created INTEGER NOT NULL, active INTEGER NOT NULL)`,
];

interface ProfileRow {
  id: number;
  first_name: string;
  last_name: string | null;
  username: string | null;
  phone: string | null;
  about: string | null;
  bot: number;
  online_until: number;
  last_seen: number;
}

export interface NewProfile {
  id: number;
  first_name: string;
  last_name?: string;
  phone?: string;
  bot?: boolean;
}

export class UserObject extends DurableObject<Env> {
  protected readonly sql: SqlStorage;
  /** Whether this instance made sure the device registry knows the account's devices (see pushToDevices). */
  private devicesRegistered = false;
  /** Whether the account is a bot (its id) or not (null), once known: an account never changes kind. */
  private botId: number | null | undefined;
  /** The account's auth key ids, once read (see authKeyIds). */
  private authKeys: string[] | null = null;
  /** The update log's newest pts once this instance appended to it (only this object writes the log). */
  private newestPts: number | undefined;
  /** Pushes leave one at a time, in log order; those queued meanwhile leave together (push-queue.ts). */
  private readonly pushes = new PushQueue((updates, senderDevice) => this.pushNow(updates, senderDevice));

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    migrate(this.sql, schema);
    password.migratePasswordTable(this.sql);
    log.initUpdateLog(this.sql);
    contacts.initContacts(this.sql);
    drafts.initDrafts(this.sql);
    dialogSettings.initDialogSettings(this.sql);
    profilePhotos.initProfilePhotos(this.sql);
  }

  init(p: NewProfile): void {
    run(
      this.sql,
      "INSERT OR IGNORE INTO profile (id, first_name, last_name, phone, bot, created) VALUES (?, ?, ?, ?, ?, ?)",
      p.id,
      p.first_name,
      p.last_name ?? null,
      p.phone ?? null,
      p.bot ? 1 : 0,
      Date.now(),
    );
  }

  private profile(): ProfileRow {
    const row = one<ProfileRow>(this.sql, "SELECT * FROM profile");
    if (!row) throw Errors.badRequest("USER_ID_INVALID");
    return row;
  }

  /** The user as `viewerId` may see them: the phone only for themself. */
  getUser(viewerId: number): User {
    const p = this.profile();
    const self = viewerId === p.id;
    const now = Date.now();
    const user: User = { id: p.id, first_name: p.first_name };
    if (p.last_name) user.last_name = p.last_name;
    if (p.username) user.username = p.username;
    if (self && p.phone) user.phone = p.phone;
    if (p.bot) user.bot = true;
    if (self) user.self = true;
    const photo = profilePhotos.currentPhoto(this.sql);
    if (photo) user.photo = photo;
    if (!p.bot) {
      user.status =
        p.online_until > now
          ? { _: "online", expires: Math.floor(p.online_until / 1000) }
          : p.last_seen
            ? { _: "offline", was_online: Math.floor(p.last_seen / 1000) }
            : { _: "empty" };
    }
    return user;
  }

  getAbout(): string | undefined {
    return this.profile().about ?? undefined;
  }

  async updateProfile(patch: { first_name?: string; last_name?: string; about?: string }): Promise<User> {
    const p = this.profile();
    const first = patch.first_name ?? p.first_name;
    const last = patch.last_name ?? p.last_name;
    run(
      this.sql,
      "UPDATE profile SET first_name = ?, last_name = ?, about = ?",
      first,
      last || null,
      patch.about ?? p.about,
    );
    if (patch.first_name !== undefined || patch.last_name !== undefined) {
      await directoryOf(this.env).setName(p.id, [first, last].filter(Boolean).join(" "));
    }
    return this.getUser(p.id);
  }

  async updateUsername(username: string | null): Promise<User> {
    const p = this.profile();
    await directoryOf(this.env).setUsername(p.id, username);
    run(this.sql, "UPDATE profile SET username = ?", username);
    return this.getUser(p.id);
  }

  /** Marks the user online for ONLINE_TTL_S, or offline now. */
  setOnline(online: boolean): void {
    const now = Date.now();
    if (online) run(this.sql, "UPDATE profile SET online_until = ?, last_seen = ?", now + ONLINE_TTL_S * 1000, now);
    else run(this.sql, "UPDATE profile SET online_until = 0, last_seen = ?", now);
  }

  // ------------------------------------------------------------ 2FA password

  passwordInfo(): { has_password: boolean; hint?: string } {
    return password.passwordHint(this.sql);
  }

  /** After a device passed its login code: it may give the password (checkPendingPassword) for a while. */
  openPasswordPending(authKeyId: string): void {
    password.openPending(this.sql, authKeyId, Date.now());
  }

  /** The sign-in password step: refused once the device's code-passed state expired, else the check. */
  async checkPendingPassword(authKeyId: string, pass: string): Promise<boolean> {
    const now = Date.now();
    password.checkPending(this.sql, authKeyId, now);
    const ok = await password.verifyPassword(this.sql, pass, now);
    if (ok) password.closePending(this.sql, authKeyId);
    return ok;
  }

  /** MTProto's password step (SRP): a challenge for a device that owes the password, and its proof. */
  passwordChallenge(authKeyId: string): SrpParams | null {
    return password.srpChallengeFor(this.sql, authKeyId, Date.now());
  }

  checkPendingSrp(authKeyId: string, srpId: string, a: Uint8Array, m1: Uint8Array): boolean {
    return password.checkPendingProof(this.sql, authKeyId, srpId, a, m1, Date.now());
  }

  /** MTProto's password settings: a challenge for this signed-in device (null: no verifier), then the change. */
  passwordChallengeSignedIn(authKeyId: string): SrpParams | null {
    return password.srpChallengeSignedIn(this.sql, authKeyId);
  }

  setPasswordSrp(
    authKeyId: string,
    proof: { srpId: string; a: Uint8Array; m1: Uint8Array } | undefined,
    next: { salt1: Uint8Array; salt2: Uint8Array; v: Uint8Array } | null,
    hint?: string,
  ): void {
    if (this.passwordInfo().has_password) {
      if (!proof || !password.checkSettingsProof(this.sql, authKeyId, proof, Date.now()))
        throw Errors.badRequest("PASSWORD_HASH_INVALID");
    }
    if (next === null) password.clearPassword(this.sql);
    else password.storePasswordVerifier(this.sql, next, hint ?? null);
  }

  async setPassword(current: string | undefined, next: string | null, hint?: string): Promise<void> {
    if (this.passwordInfo().has_password) {
      if (current === undefined || !(await password.verifyPassword(this.sql, current, Date.now())))
        throw Errors.badRequest("PASSWORD_HASH_INVALID");
    }
    if (next === null) password.clearPassword(this.sql);
    else await password.storePassword(this.sql, next, hint ?? null);
  }

  // ------------------------------------------------------------ authorizations

  /** Registers the device (so chats can push to it) before it counts as signed in; a failure fails the sign-in. */
  async addAuthorization(authKeyId: string, deviceModel: string, appName: string): Promise<void> {
    await this.registerDevices([authKeyId]);
    const now = Date.now();
    run(
      this.sql,
      `INSERT INTO authorizations (auth_key_id, device_model, app_name, created, active) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (auth_key_id) DO UPDATE SET active = excluded.active`,
      authKeyId,
      deviceModel,
      appName,
      now,
      now,
    );
    this.authKeys = null;
  }

  listAuthorizations(currentAuthKeyId: string): Authorization[] {
    return all<{ auth_key_id: string; device_model: string; app_name: string; created: number; active: number }>(
      this.sql,
      "SELECT * FROM authorizations ORDER BY active DESC",
    ).map((a) => ({
      hash: a.auth_key_id,
      device_model: a.device_model,
      app_name: a.app_name,
      date_created: Math.floor(a.created / 1000),
      date_active: Math.floor(a.active / 1000),
      current: a.auth_key_id === currentAuthKeyId,
    }));
  }

  /** Tells the directory's device registry about these devices and every device already signed in. */
  private async registerDevices(extra: string[] = []): Promise<void> {
    const id = this.profile().id;
    await directoryOf(this.env).addDevices(id, [...new Set([...this.authKeyIds(), ...extra])]);
    this.devicesRegistered = true;
  }

  /** Read once per instance (every push asks) and forgotten whenever an authorization is added or removed. */
  authKeyIds(): string[] {
    this.authKeys ??= all<{ auth_key_id: string }>(this.sql, "SELECT auth_key_id FROM authorizations").map(
      (r) => r.auth_key_id,
    );
    return this.authKeys;
  }

  /** Ends a device's authorization: its auth key is destroyed and its sockets closed. */
  async removeAuthorization(authKeyId: string): Promise<void> {
    const n = run(this.sql, "DELETE FROM authorizations WHERE auth_key_id = ?", authKeyId);
    if (n === 0) throw Errors.badRequest("HASH_INVALID");
    this.authKeys = null;
    await authKeyObjectOf(this.env, authKeyId).revoke(authKeyId);
    // After the revocation: a registry entry left behind only costs a push to a dead key.
    await directoryOf(this.env)
      .removeDevice(this.profile().id, authKeyId)
      .catch((e) => logFailure(`removing device ${authKeyId.slice(0, 8)}… from the registry`, e));
  }

  // ------------------------------------------------------------ update log and dialogs (update-log.ts)

  /**
   * Appends chat events to the log (each once) and pushes the new ones; returns every event's logged
   * update, unless the chat says nobody waits for them (then nothing travels back).
   */
  async applyChatEvents(events: log.ChatEvent[], returnUpdates = true): Promise<Update[]> {
    const [results, unarchived] = this.ctx.storage.transactionSync(() => {
      const appended = log.appendEvents(this.sql, events, this.newestPts);
      const fresh = events.filter((_, i) => appended[i]?.fresh);
      const back = dialogSettings.followChatEvents(this.sql, fresh, Math.floor(Date.now() / 1000));
      return [appended, back.length > 0 ? log.appendEvents(this.sql, back) : []] as const;
    });
    await this.pushFresh([...results, ...unarchived]);
    return returnUpdates ? results.map((r) => r.update) : [];
  }

  /** Sets newestPts to the newest fresh update and pushes the fresh ones (see applyChatEvents). */
  private async pushFresh(results: ReturnType<typeof log.appendEvents>): Promise<void> {
    const fresh = results.filter((r) => r.fresh);
    // Set only once the transaction committed: a rolled-back append leaves the log, and this, as they were.
    const last = fresh.at(-1)?.update;
    if (last && "pts" in last) this.newestPts = last.pts;
    // The device a message was sent from has it in its RPC result; when the whole batch came from
    // that one device it is not pushed there (a mixed batch goes everywhere; pts drops duplicates).
    const sender = fresh[0]?.senderDevice;
    const senderDevice = sender && fresh.every((r) => r.senderDevice === sender) ? sender : undefined;
    // A bot has no getDifference: a chat retrying after a crash must reach its queue again even though the
    // log already had the events (the BotObject skips what it took before).
    const pushed = this.botAccount() !== null ? results : fresh;
    if (pushed.length > 0)
      await this.pushToDevices(
        pushed.map((r) => r.update),
        senderDevice,
      );
  }

  updatesState(): UpdatesState {
    return log.currentState(this.sql);
  }

  difference(pts: number, limit: number): log.Difference {
    return log.difference(this.sql, pts, limit);
  }

  dialogs(offsetDate: number, limit: number, folder?: number): log.DialogEntry[] {
    return dialogSettings.dialogsPage(this.sql, offsetDate, limit, folder);
  }

  dialogKeys(kind?: "private" | "chat" | "channel"): string[] {
    return log.dialogKeys(this.sql, kind);
  }

  setChannelDialog(chatKey: string, peer: Peer, d: Parameters<typeof log.setChannelDialog>[3]): void {
    log.setChannelDialog(this.sql, chatKey, peer, d);
  }

  removeDialog(chatKey: string): void {
    log.removeDialog(this.sql, chatKey);
    dialogSettings.forgetDialog(this.sql, chatKey);
  }

  // ------------------------------------------------------------ mute, pin, archive (dialog-settings.ts)

  /** Runs a settings change and appends its updates to the log in one transaction, then pushes them everywhere. */
  private logOwnChange(change: () => log.ChatEvent[]): Promise<void> {
    // Not async: a refusal is thrown to the caller as it is, not as a rejected promise workerd reports.
    const results = this.ctx.storage.transactionSync(() => log.appendEvents(this.sql, change(), this.newestPts));
    return this.pushFresh(results);
  }

  notifySettings(chatKey: string): PeerNotifySettings {
    return dialogSettings.notifySettings(this.sql, chatKey);
  }

  updateNotifySettings(ref: dialogSettings.DialogRef, patch: { mute_until?: number; silent?: boolean }) {
    return this.logOwnChange(() => dialogSettings.updateNotifySettings(this.sql, ref, patch));
  }

  toggleDialogPin(ref: dialogSettings.DialogRef, pinned: boolean) {
    return this.logOwnChange(() => dialogSettings.toggleDialogPin(this.sql, ref, pinned));
  }

  reorderPinnedDialogs(folder: number, order: dialogSettings.DialogRef[], force: boolean) {
    return this.logOwnChange(() => dialogSettings.reorderPinnedDialogs(this.sql, folder, order, force));
  }

  editPeerFolders(moves: (dialogSettings.DialogRef & { folder: number })[]) {
    return this.logOwnChange(() => dialogSettings.editPeerFolders(this.sql, moves));
  }

  // ------------------------------------------------------------ message box (message-boxes.ts)

  /** Box ids of chat message ids, per chat key (ids the user has not got are left out). */
  boxIds(wanted: Record<string, number[]>): Record<string, Record<string, number>> {
    return Object.fromEntries(Object.entries(wanted).map(([key, ids]) => [key, boxes.boxIds(this.sql, key, ids)]));
  }

  unbox(ids: number[]): boxes.BoxedMessage[] {
    return boxes.unbox(this.sql, ids);
  }

  historyBounds(chatKey: string, b: boxes.HistoryBounds): boxes.HistoryBounds {
    return boxes.historyBounds(this.sql, chatKey, b);
  }

  readBound(chatKey: string, box: number): number {
    return boxes.readBound(this.sql, chatKey, box);
  }

  // ------------------------------------------------------------ profile photos (profile-photos.ts)

  addProfilePhoto(photo: ProfilePhoto): void {
    profilePhotos.addPhoto(this.sql, photo);
  }

  profilePhotos(offset: number, limit: number): { photos: ProfilePhoto[]; count: number } {
    return profilePhotos.photos(this.sql, offset, limit);
  }

  deleteProfilePhotos(ids: string[]): string[] {
    return profilePhotos.deletePhotos(this.sql, ids);
  }

  // ------------------------------------------------------------ cloud drafts (drafts.ts)

  /** Saves (null clears) the draft in a chat and tells the user's other devices. */
  async saveDraft(chatKey: string, peer: Peer, draft: DraftMessage | null, senderDevice: string): Promise<void> {
    drafts.saveDraft(this.sql, chatKey, peer, draft);
    await this.pushToDevices([{ _: "updateDraftMessage", peer, draft }], senderDevice);
  }

  allDrafts(): { peer: Peer; draft: DraftMessage }[] {
    return drafts.allDrafts(this.sql);
  }

  // ------------------------------------------------------------ contacts and blocks (contacts.ts)

  addContact(userId: number, first?: string, last?: string): void {
    contacts.addContact(this.sql, userId, first, last);
  }

  deleteContacts(userIds: number[]): void {
    for (const id of userIds) contacts.deleteContact(this.sql, id);
  }

  contactIds(): number[] {
    return contacts.contactIds(this.sql);
  }

  setBlocked(userId: number, blocked: boolean): void {
    if (blocked) contacts.block(this.sql, userId);
    else contacts.unblock(this.sql, userId);
  }

  blockedIds(): number[] {
    return contacts.blockedIds(this.sql);
  }

  private botAccount(): number | null {
    if (this.botId === undefined) {
      const p = one<{ id: number; bot: number }>(this.sql, "SELECT id, bot FROM profile");
      if (!p) return null; // not set up yet: ask again next time
      this.botId = p.bot ? p.id : null;
    }
    return this.botId;
  }

  /**
   * A callback query for this bot's own sessions (signed in over MTProto), its message named by the bot's
   * box id. Not through pushToDevices: the bot's Bot API queue has the query already.
   */
  async pushCallbackQuery(u: Extract<Update, { _: "updateBotCallbackQuery" }>, chatKey: string): Promise<void> {
    const devices = this.authKeyIds();
    if (devices.length === 0) return;
    const update = { ...u, box_ids: boxes.boxIds(this.sql, chatKey, [u.msg_id]) };
    await pushToDevices(this.env, devices, encodeUpdates([update]));
  }

  /** Pushes updates to every connected device of this user; offline ones catch up by getDifference. */
  pushToDevices(updates: unknown[], senderDevice?: string): Promise<void> {
    tallyObjectCall("user");
    return this.pushes.push(updates, senderDevice);
  }

  private async pushNow(updates: unknown[], senderDevice?: string): Promise<void> {
    // A bot's account has no devices: its updates go to its BotObject (Bot API queue / webhook).
    const bot = this.botAccount();
    if (bot !== null) {
      // The chat already leaves a bot's new messages out of its log, but its own edits and pins still
      // come back here, and its queue would drop them: they stop here instead of costing a BotObject call.
      const incoming = (updates as Update[]).filter((u) => !skippedForBots(u));
      if (incoming.length > 0) await botObjectOf(this.env, bot).deliver(incoming);
    }
    // Chats push through the registry and come here only for accounts it does not know yet (older state).
    // A failed registration is logged and tried again on the next push (devicesRegistered stays false).
    else if (!this.devicesRegistered)
      await this.registerDevices().catch((e) => logFailure(`registering user ${this.profile().id}'s devices`, e));
    const devices = this.authKeyIds().filter((id) => id !== senderDevice);
    if (devices.length === 0) return;
    await pushToDevices(this.env, devices, encodeUpdates(updates));
  }
}
