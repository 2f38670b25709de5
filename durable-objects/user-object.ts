/**
 * UserObject: one per account. Holds the profile (user-profile.ts), the 2FA password (password.ts), the
 * authorizations (devices, by auth key: authorizations.ts), the update log and dialogs, and pushes to the
 * account's devices (user-updates.ts). A shell: the rules live in those modules.
 */

import { DurableObject } from "cloudflare:workers";
import { logFailure } from "../core/log.ts";
import { tallyObjectCall } from "../core/object-calls.ts";
import { authKeyObjectOf, directoryOf } from "../core/objects.ts";
import type { PeerNotifySettings } from "../protocol/model/chat.ts";
import type { Peer } from "../protocol/model/peer.ts";
import type { DraftMessage, Update } from "../protocol/model/update.ts";
import type { Authorization, ProfilePhoto, User } from "../protocol/model/user.ts";
import type { UpdatesState } from "../protocol/rpc/updates.ts";
import * as authorizations from "./authorizations.ts";
import * as contacts from "./contacts.ts";
import * as dialogSettings from "./dialog-settings.ts";
import * as drafts from "./drafts.ts";
import * as boxes from "./message-boxes.ts";
import * as password from "./password.ts";
import type { SrpParams } from "./password-srp.ts";
import * as profilePhotos from "./profile-photos.ts";
import { PushQueue } from "./push-queue.ts";
import * as log from "./update-log.ts";
import * as profile from "./user-profile.ts";
import * as userUpdates from "./user-updates.ts";

export type { NewProfile } from "./user-profile.ts";

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
    profile.initProfile(this.sql);
    password.initPassword(this.sql);
    authorizations.initAuthorizations(this.sql);
    log.initUpdateLog(this.sql);
    contacts.initContacts(this.sql);
    drafts.initDrafts(this.sql);
    dialogSettings.initDialogSettings(this.sql);
    profilePhotos.initProfilePhotos(this.sql);
  }

  init(p: profile.NewProfile): void {
    profile.createProfile(this.sql, p, Date.now());
  }

  /** The user as `viewerId` may see them: the phone only for themself. */
  getUser(viewerId: number): User {
    return profile.userSeenBy(this.sql, viewerId, Date.now());
  }

  getAbout(): string | undefined {
    return profile.profileOf(this.sql).about ?? undefined;
  }

  async updateProfile(patch: profile.ProfilePatch): Promise<User> {
    const { id, name } = profile.patchProfile(this.sql, patch);
    if (name !== null) await directoryOf(this.env).setName(id, name);
    return this.getUser(id);
  }

  async updateUsername(username: string | null): Promise<User> {
    const id = profile.profileOf(this.sql).id;
    await directoryOf(this.env).setUsername(id, username);
    profile.setUsername(this.sql, username);
    return this.getUser(id);
  }

  /** Marks the user online for a while (user-profile.ts ONLINE_TTL_S), or offline now. */
  setOnline(online: boolean): void {
    profile.setOnline(this.sql, online, Date.now());
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
  checkPendingPassword(authKeyId: string, pass: string): Promise<boolean> {
    return password.checkPendingPassword(this.sql, authKeyId, pass, Date.now());
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
    password.changePasswordSrp(this.sql, authKeyId, proof, next, hint, Date.now());
  }

  setPassword(current: string | undefined, next: string | null, hint?: string): Promise<void> {
    return password.changePassword(this.sql, current, next, hint, Date.now());
  }

  // ------------------------------------------------------------ authorizations (authorizations.ts)

  /** Registers the device (so chats can push to it) before it counts as signed in; a failure fails the sign-in. */
  async addAuthorization(authKeyId: string, deviceModel: string, appName: string): Promise<void> {
    await this.registerDevices([authKeyId]);
    authorizations.addAuthorization(this.sql, authKeyId, deviceModel, appName, Date.now());
    this.authKeys = null;
  }

  /**
   * A new account with one device that the directory registered already (its createAccounts: the
   * dev route /dev/accounts makes scale runs' accounts in bulk): profile and authorization in one call.
   */
  initWithDevice(p: profile.NewProfile, authKeyId: string, deviceModel: string, appName: string): void {
    this.init(p);
    authorizations.addAuthorization(this.sql, authKeyId, deviceModel, appName, Date.now());
    this.authKeys = null;
  }

  listAuthorizations(currentAuthKeyId: string): Authorization[] {
    return authorizations.listAuthorizations(this.sql, currentAuthKeyId);
  }

  /** Tells the directory's device registry about these devices and every device already signed in. */
  private async registerDevices(extra: string[] = []): Promise<void> {
    const id = profile.profileOf(this.sql).id;
    await directoryOf(this.env).addDevices(id, [...new Set([...this.authKeyIds(), ...extra])]);
    this.devicesRegistered = true;
  }

  /** Read once per instance (every push asks) and forgotten whenever an authorization is added or removed. */
  authKeyIds(): string[] {
    this.authKeys ??= authorizations.authKeyIdsOf(this.sql);
    return this.authKeys;
  }

  /** Ends a device's authorization: its auth key is destroyed and its sockets closed. */
  async removeAuthorization(authKeyId: string): Promise<void> {
    authorizations.deleteAuthorization(this.sql, authKeyId);
    this.authKeys = null;
    await authKeyObjectOf(this.env, authKeyId).revoke(authKeyId);
    // After the revocation: a registry entry left behind only costs a push to a dead key.
    await directoryOf(this.env)
      .removeDevice(profile.profileOf(this.sql).id, authKeyId)
      .catch((e) => logFailure(`removing device ${authKeyId.slice(0, 8)}… from the registry`, e));
  }

  // ------------------------------------------------------------ update log and dialogs (update-log.ts, user-updates.ts)

  /**
   * Appends chat events to the log (each once) and pushes the new ones; returns every event's logged
   * update, unless the chat says nobody waits for them (then nothing travels back).
   */
  async applyChatEvents(events: log.ChatEvent[], returnUpdates = true): Promise<(Update | null)[]> {
    const nowS = Math.floor(Date.now() / 1000);
    const { results, unarchived } = this.ctx.storage.transactionSync(() =>
      userUpdates.appendChatEvents(this.sql, events, this.newestPts, nowS),
    );
    await this.pushFresh([...results, ...unarchived]);
    return returnUpdates ? results.map((r) => r.update) : [];
  }

  /** Sets newestPts to the newest fresh update and pushes what the batch pushes (user-updates.ts pushPlan). */
  private async pushFresh(results: userUpdates.Appended): Promise<void> {
    const plan = userUpdates.pushPlan(results, this.botAccount() !== null);
    // Set only once the transaction committed: a rolled-back append leaves the log, and this, as they were.
    if (plan.newestPts !== undefined) this.newestPts = plan.newestPts;
    if (plan.updates.length > 0) await this.pushToDevices(plan.updates, plan.senderDevice);
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

  /** Whether the account is a bot's (its id) or a person's (null); asked again while not set up. */
  private botAccount(): number | null {
    if (this.botId === undefined) this.botId = profile.botIdOf(this.sql);
    return this.botId ?? null;
  }

  /**
   * A callback query for this bot's own sessions (signed in over MTProto), its message named by the bot's
   * box id. Not through pushToDevices: the bot's Bot API queue has the query already.
   */
  async pushCallbackQuery(u: Extract<Update, { _: "updateBotCallbackQuery" }>, chatKey: string): Promise<void> {
    if (this.authKeyIds().length === 0) return;
    const update = { ...u, box_ids: boxes.boxIds(this.sql, chatKey, [u.msg_id]) };
    await userUpdates.pushToOwnDevices(this.env, this.authKeyIds(), [update]);
  }

  /** Pushes updates to every connected device of this user; offline ones catch up by getDifference. */
  pushToDevices(updates: unknown[], senderDevice?: string): Promise<void> {
    tallyObjectCall("user");
    return this.pushes.push(updates, senderDevice);
  }

  private async pushNow(updates: unknown[], senderDevice?: string): Promise<void> {
    const bot = this.botAccount();
    if (bot !== null) await userUpdates.deliverToBot(this.env, bot, updates);
    // Chats push through the registry and come here only for accounts it does not know yet (older state).
    // A failed registration is logged and tried again on the next push (devicesRegistered stays false).
    else if (!this.devicesRegistered)
      await this.registerDevices().catch((e) =>
        logFailure(`registering user ${profile.profileOf(this.sql).id}'s devices`, e),
      );
    await userUpdates.pushToOwnDevices(this.env, this.authKeyIds(), updates, senderDevice);
  }
}
