/**
 * A user's settings per dialog (mute, pin, archive folder) in their UserObject's SQLite, and the dialog
 * list ordered by them. Each change returns the update events the caller appends to the user's log.
 */

import { Errors } from "../protocol/errors.ts";
import { ARCHIVE_FOLDER, MAIN_FOLDER, type PeerNotifySettings } from "../protocol/model/chat.ts";
import type { Peer } from "../protocol/model/peer.ts";
import { PINNED_MAX } from "../protocol/rpc/dialog-settings.ts";
import { all, migrate, one, run } from "./sql.ts";
import { type ChatEvent, type DialogEntry, type DialogRow, dialogOf, type UpdateBody } from "./update-log.ts";

const schema = [
  // pin_order: ascending within a folder, NULL when not pinned. A dialog's row goes with the dialog
  // (forgetDialog); everything reads them joined with `dialogs` anyway.
  `CREATE TABLE IF NOT EXISTS dialog_settings (
     chat_key TEXT PRIMARY KEY, folder_id INTEGER NOT NULL DEFAULT 0, pin_order INTEGER,
     mute_until INTEGER NOT NULL DEFAULT 0, silent INTEGER NOT NULL DEFAULT 0)`,
];

export const initDialogSettings = (sql: SqlStorage) => migrate(sql, schema);

/** A dialog named by the caller: its chat key and the peer the user calls it by. */
export interface DialogRef {
  chatKey: string;
  peer: Peer;
}

interface SettingsRow {
  folder_id: number;
  pin_order: number | null;
  mute_until: number;
  silent: number;
}

const DEFAULTS: SettingsRow = { folder_id: MAIN_FOLDER, pin_order: null, mute_until: 0, silent: 0 };

/** The user's settings for a dialog they have; PEER_ID_INVALID for a chat not in their list. */
function settingsOf(sql: SqlStorage, chatKey: string): SettingsRow {
  const row = one<SettingsRow & { known: number | null }>(
    sql,
    `SELECT s.folder_id, s.pin_order, s.mute_until, s.silent, d.chat_key IS NOT NULL AS known
     FROM (SELECT ? AS chat_key) k LEFT JOIN dialogs d ON d.chat_key = k.chat_key
     LEFT JOIN dialog_settings s ON s.chat_key = k.chat_key`,
    chatKey,
  );
  if (!row?.known) throw Errors.badRequest("PEER_ID_INVALID");
  return row.folder_id === null ? DEFAULTS : row;
}

function save(sql: SqlStorage, chatKey: string, s: SettingsRow): void {
  run(
    sql,
    `INSERT INTO dialog_settings (chat_key, folder_id, pin_order, mute_until, silent) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (chat_key) DO UPDATE SET folder_id = excluded.folder_id, pin_order = excluded.pin_order,
     mute_until = excluded.mute_until, silent = excluded.silent`,
    chatKey,
    s.folder_id,
    s.pin_order,
    s.mute_until,
    s.silent,
  );
}

const notifySettingsOf = (s: SettingsRow): PeerNotifySettings => ({
  ...(s.mute_until > 0 ? { mute_until: s.mute_until } : {}),
  ...(s.silent ? { silent: true } : {}),
});

const event = (ref: DialogRef, update: UpdateBody): ChatEvent => ({
  id: `settings:${crypto.randomUUID()}`,
  chatKey: ref.chatKey,
  peer: ref.peer,
  update,
});

// ------------------------------------------------------------ mute

export function notifySettings(sql: SqlStorage, chatKey: string): PeerNotifySettings {
  return notifySettingsOf(settingsOf(sql, chatKey));
}

export function updateNotifySettings(
  sql: SqlStorage,
  ref: DialogRef,
  patch: { mute_until?: number; silent?: boolean },
): ChatEvent[] {
  const s = { ...settingsOf(sql, ref.chatKey) };
  if (patch.mute_until !== undefined) s.mute_until = patch.mute_until;
  if (patch.silent !== undefined) s.silent = patch.silent ? 1 : 0;
  save(sql, ref.chatKey, s);
  return [event(ref, { _: "updateNotifySettings", peer: ref.peer, notify_settings: notifySettingsOf(s) })];
}

// ------------------------------------------------------------ pins

/** The folder's pinned dialogs (of those the user still has), in pin order. */
function pinnedIn(sql: SqlStorage, folder: number): { chat_key: string; peer: string }[] {
  return all(
    sql,
    `SELECT s.chat_key, d.peer FROM dialog_settings s JOIN dialogs d ON d.chat_key = s.chat_key
     WHERE s.folder_id = ? AND s.pin_order IS NOT NULL ORDER BY s.pin_order`,
    folder,
  );
}

const pinLimit = (folder: number) => (folder === ARCHIVE_FOLDER ? PINNED_MAX[ARCHIVE_FOLDER] : PINNED_MAX[MAIN_FOLDER]);

export function toggleDialogPin(sql: SqlStorage, ref: DialogRef, pinned: boolean): ChatEvent[] {
  const s = settingsOf(sql, ref.chatKey);
  if ((s.pin_order !== null) === pinned) return [];
  let pinOrder: number | null = null;
  if (pinned) {
    const pins = pinnedIn(sql, s.folder_id);
    if (pins.length >= pinLimit(s.folder_id)) throw Errors.badRequest("PINNED_DIALOGS_TOO_MUCH");
    // A newly pinned dialog goes first.
    const first = one<{ low: number | null }>(
      sql,
      "SELECT min(pin_order) AS low FROM dialog_settings WHERE folder_id = ?",
      s.folder_id,
    );
    pinOrder = (first?.low ?? 0) - 1;
  }
  save(sql, ref.chatKey, { ...s, pin_order: pinOrder });
  return [event(ref, { _: "updateDialogPinned", peer: ref.peer, pinned, folder_id: s.folder_id })];
}

export function reorderPinnedDialogs(sql: SqlStorage, folder: number, order: DialogRef[], force: boolean): ChatEvent[] {
  const named = new Map(order.map((r) => [r.chatKey, r]));
  for (const r of named.values())
    if (settingsOf(sql, r.chatKey).folder_id !== folder) throw Errors.badRequest("PEER_ID_INVALID");
  const before = pinnedIn(sql, folder);
  const rest = force ? [] : before.filter((p) => !named.has(p.chat_key));
  const keys = [...named.keys(), ...rest.map((p) => p.chat_key)];
  if (keys.length > pinLimit(folder)) throw Errors.badRequest("PINNED_DIALOGS_TOO_MUCH");
  run(sql, "UPDATE dialog_settings SET pin_order = NULL WHERE folder_id = ?", folder);
  keys.forEach((key, i) => {
    save(sql, key, { ...settingsOf(sql, key), pin_order: i });
  });
  const peers = [...named.values()].map((r) => r.peer).concat(rest.map((p) => JSON.parse(p.peer) as Peer));
  return [event(NO_DIALOG, { _: "updatePinnedDialogs", folder_id: folder, order: peers })];
}

/** What an update about no one dialog is logged under: no chat key (an event's peer only serves dialog effects). */
const NO_DIALOG: DialogRef = { chatKey: "", peer: { _: "user", id: 0 } };

// ------------------------------------------------------------ folders

/** Moves dialogs between folders; a moved dialog is unpinned. Those already there are left out of the update. */
export function editPeerFolders(sql: SqlStorage, moves: (DialogRef & { folder: number })[]): ChatEvent[] {
  const moved: { peer: Peer; folder_id: number }[] = [];
  for (const m of moves) {
    const s = settingsOf(sql, m.chatKey);
    if (s.folder_id === m.folder) continue;
    save(sql, m.chatKey, { ...s, folder_id: m.folder, pin_order: null });
    moved.push({ peer: m.peer, folder_id: m.folder });
  }
  const first = moves[0];
  return first && moved.length > 0 ? [event(first, { _: "updateFolderPeers", folder_peers: moved })] : [];
}

/** A dialog gone from the list (left, deleted) loses its settings: rejoined, it starts afresh, as on Telegram. */
export const forgetDialog = (sql: SqlStorage, chatKey: string) =>
  run(sql, "DELETE FROM dialog_settings WHERE chat_key = ?", chatKey);

/**
 * What new chat events do to the settings: a dialog left forgets them, and a new incoming message in an
 * archived dialog that is not muted brings it back to the main list (its updateFolderPeers returned).
 * `nowS` in unix seconds.
 */
export function followChatEvents(sql: SqlStorage, fresh: ChatEvent[], nowS: number): ChatEvent[] {
  for (const e of fresh) if (e.dialog?.leave) forgetDialog(sql, e.chatKey);
  return returnFromArchive(
    sql,
    fresh.filter((e) => e.dialog?.incoming && e.dialog.top),
    nowS,
  );
}

function returnFromArchive(sql: SqlStorage, refs: DialogRef[], nowS: number): ChatEvent[] {
  const back = refs.filter((r) => {
    const s = one<SettingsRow>(sql, "SELECT * FROM dialog_settings WHERE chat_key = ?", r.chatKey);
    return s?.folder_id === ARCHIVE_FOLDER && s.mute_until <= nowS;
  });
  return back.length > 0
    ? editPeerFolders(
        sql,
        back.map((r) => ({ ...r, folder: MAIN_FOLDER })),
      )
    : [];
}

// ------------------------------------------------------------ the list

/**
 * Dialogs of a folder (both when `folder` is undefined): on the first page (`offsetDate` 0) the pinned
 * ones first in pin order, then the rest by last message, newest first, older than `offsetDate`.
 */
export function dialogsPage(
  sql: SqlStorage,
  offsetDate: number,
  limit: number,
  folder: number | undefined,
): DialogEntry[] {
  const rows = all<DialogRow & Partial<SettingsRow>>(
    sql,
    `SELECT d.*, s.folder_id, s.pin_order, s.mute_until, s.silent
     FROM dialogs d LEFT JOIN dialog_settings s ON s.chat_key = d.chat_key
     WHERE (? IS NULL OR coalesce(s.folder_id, 0) = ?) AND (? = 0 OR (s.pin_order IS NULL AND d.top_date < ?))
     ORDER BY s.pin_order IS NULL, coalesce(s.folder_id, 0), s.pin_order, d.top_date DESC, d.top_pts DESC, d.chat_key
     LIMIT ?`,
    folder ?? null,
    folder ?? null,
    offsetDate,
    offsetDate,
    limit,
  );
  return rows.map((r) => {
    const entry = dialogOf(r);
    const s: SettingsRow = r.folder_id == null ? DEFAULTS : (r as SettingsRow);
    const notify = notifySettingsOf(s);
    entry.dialog = {
      ...entry.dialog,
      ...(s.pin_order !== null ? { pinned: true } : {}),
      ...(s.folder_id !== MAIN_FOLDER ? { folder_id: s.folder_id } : {}),
      ...(Object.keys(notify).length > 0 ? { notify_settings: notify } : {}),
    };
    return entry;
  });
}
