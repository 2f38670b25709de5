/**
 * Sticker sets, kept in the DirectoryObject: a set's name is an account-wide unique name (the
 * directory's job), its owner and editing bot are accounts it already holds, and sendSticker must find
 * a file's set from the file alone — a global index any per-set object would need anyway. Sets are
 * small (≤200 rows) and edited rarely, so one more table there beats a new object class.
 */

import type { NewSet, NewSticker, SetEdit } from "../core/sticker-edits.ts";
import { Errors } from "../protocol/errors.ts";
import type { MaskPosition, SetSticker, StickerFile, StickerSet, StickerType } from "../protocol/model/sticker.ts";
import { SET_CUSTOM_EMOJI_MAX, SET_STICKERS_MAX } from "../protocol/rpc/stickers.ts";
import { all, one, run } from "./sql.ts";

export const stickerSetsSchema = [
  `CREATE TABLE IF NOT EXISTS sticker_sets (
     name TEXT PRIMARY KEY COLLATE NOCASE, owner_id INTEGER NOT NULL, bot_id INTEGER NOT NULL,
     title TEXT NOT NULL, type TEXT NOT NULL, needs_repainting INTEGER NOT NULL,
     thumb TEXT, thumb_custom_emoji_id TEXT, created INTEGER NOT NULL)`,
  // A file is in at most one set: deleteStickerFromSet names the sticker alone.
  `CREATE TABLE IF NOT EXISTS set_stickers (
     media_id TEXT PRIMARY KEY, set_name TEXT NOT NULL COLLATE NOCASE, position INTEGER NOT NULL,
     file TEXT NOT NULL, format TEXT NOT NULL, emoji TEXT NOT NULL, keywords TEXT NOT NULL, mask TEXT)`,
  "CREATE INDEX IF NOT EXISTS set_stickers_by_set ON set_stickers (set_name, position)",
  "CREATE TABLE IF NOT EXISTS chat_sticker_sets (chat_key TEXT PRIMARY KEY, set_name TEXT NOT NULL COLLATE NOCASE)",
];

interface SetRow {
  name: string;
  owner_id: number;
  bot_id: number;
  title: string;
  type: StickerType;
  needs_repainting: number;
  thumb: string | null;
  thumb_custom_emoji_id: string | null;
}

interface StickerRow {
  media_id: string;
  set_name: string;
  position: number;
  file: string;
  format: SetSticker["format"];
  emoji: string;
  keywords: string;
  mask: string | null;
}

const setRow = (sql: SqlStorage, name: string) => one<SetRow>(sql, "SELECT * FROM sticker_sets WHERE name = ?", name);
const stickerRow = (sql: SqlStorage, mediaId: string) =>
  one<StickerRow>(sql, "SELECT * FROM set_stickers WHERE media_id = ?", mediaId);

function stickerOf(r: StickerRow, set: Pick<SetRow, "name" | "type">): SetSticker {
  return {
    ...(JSON.parse(r.file) as StickerFile),
    format: r.format,
    emoji: JSON.parse(r.emoji) as string[],
    keywords: JSON.parse(r.keywords) as string[],
    ...(r.mask ? { mask_position: JSON.parse(r.mask) as MaskPosition } : {}),
    set_name: set.name,
    type: set.type,
  };
}

function stickersOf(sql: SqlStorage, set: SetRow): StickerRow[] {
  return all<StickerRow>(sql, "SELECT * FROM set_stickers WHERE set_name = ? ORDER BY position", set.name);
}

function setOf(sql: SqlStorage, set: SetRow): StickerSet {
  return {
    name: set.name,
    title: set.title,
    type: set.type,
    needs_repainting: set.needs_repainting === 1,
    owner_id: set.owner_id,
    ...(set.thumb ? { thumb: JSON.parse(set.thumb) as StickerFile } : {}),
    ...(set.thumb_custom_emoji_id ? { thumb_custom_emoji_id: set.thumb_custom_emoji_id } : {}),
    stickers: stickersOf(sql, set).map((r) => stickerOf(r, set)),
  };
}

export function stickerSet(sql: SqlStorage, name: string): StickerSet {
  const set = setRow(sql, name);
  if (!set) throw Errors.badRequest("STICKERSET_INVALID");
  return setOf(sql, set);
}

/** The set stickers among these files. */
export function setStickers(sql: SqlStorage, mediaIds: string[]): SetSticker[] {
  const rows = all<StickerRow & { type: StickerType }>(
    sql,
    `SELECT s.*, t.type FROM set_stickers s JOIN sticker_sets t ON t.name = s.set_name
       WHERE s.media_id IN (SELECT value FROM json_each(?))`,
    JSON.stringify(mediaIds),
  );
  return rows.map((r) => stickerOf(r, { name: r.set_name, type: r.type }));
}

function insertSticker(sql: SqlStorage, set: SetRow, s: NewSticker, position: number): void {
  if (s.mask_position && set.type !== "mask") throw Errors.badRequest("STICKER_MASK_COORDS_NOT_SUPPORTED");
  if (stickerRow(sql, s.file.media_id)) throw Errors.badRequest("STICKER_DOCUMENT_INVALID");
  run(
    sql,
    `INSERT INTO set_stickers (media_id, set_name, position, file, format, emoji, keywords, mask)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    s.file.media_id,
    set.name,
    position,
    JSON.stringify(s.file),
    s.format,
    JSON.stringify(s.emoji),
    JSON.stringify(s.keywords ?? []),
    s.mask_position ? JSON.stringify(s.mask_position) : null,
  );
}

const capacityOf = (type: StickerType) => (type === "custom_emoji" ? SET_CUSTOM_EMOJI_MAX : SET_STICKERS_MAX);

/** The account making a set must be a bot; its username is the names' required suffix. */
function botUsername(sql: SqlStorage, botId: number): string {
  const bot = one<{ username: string | null }>(sql, "SELECT username FROM users WHERE id = ? AND bot = 1", botId);
  if (!bot?.username) throw Errors.badRequest("USER_BOT_REQUIRED");
  return bot.username;
}

/** Run inside one transaction by the caller: every check passes before the first row is written. */
export function createSet(sql: SqlStorage, botId: number, input: NewSet): StickerSet {
  const username = botUsername(sql, botId);
  if (!input.name.toLowerCase().endsWith(`_by_${username.toLowerCase()}`))
    throw Errors.badRequest("SHORT_NAME_INVALID");
  if (!one(sql, "SELECT id FROM users WHERE id = ? AND bot = 0", input.user_id))
    throw Errors.badRequest("USER_ID_INVALID");
  if (setRow(sql, input.name)) throw Errors.badRequest("SHORT_NAME_OCCUPIED");
  if (input.stickers.length > capacityOf(input.type)) throw Errors.badRequest("STICKERS_TOO_MUCH");
  const set: SetRow = {
    name: input.name,
    owner_id: input.user_id,
    bot_id: botId,
    title: input.title,
    type: input.type,
    needs_repainting: input.needs_repainting && input.type === "custom_emoji" ? 1 : 0,
    thumb: null,
    thumb_custom_emoji_id: null,
  };
  run(
    sql,
    `INSERT INTO sticker_sets (name, owner_id, bot_id, title, type, needs_repainting, created)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    set.name,
    set.owner_id,
    set.bot_id,
    set.title,
    set.type,
    set.needs_repainting,
    Date.now(),
  );
  input.stickers.forEach((s, i) => {
    insertSticker(sql, set, s, i);
  });
  return setOf(sql, set);
}

/** The set an edit names, if this bot made it. */
function editable(sql: SqlStorage, botId: number, edit: SetEdit): { set: SetRow; sticker: StickerRow | null } {
  let sticker: StickerRow | null = null;
  let name: string;
  if ("name" in edit) name = edit.name;
  else {
    sticker = stickerRow(sql, edit.sticker);
    if (!sticker) throw Errors.badRequest("STICKER_INVALID");
    name = sticker.set_name;
  }
  const set = setRow(sql, name);
  if (!set || set.bot_id !== botId) throw Errors.badRequest("STICKERSET_INVALID");
  return { set, sticker };
}

/** Rewrites positions 0..n-1 in the given order. */
function reorder(sql: SqlStorage, mediaIds: string[]): void {
  mediaIds.forEach((id, i) => {
    run(sql, "UPDATE set_stickers SET position = ? WHERE media_id = ?", i, id);
  });
}

/** Applies one edit (inside the caller's transaction); the set after it, or null once deleted. */
export function editSet(sql: SqlStorage, botId: number, edit: SetEdit): StickerSet | null {
  botUsername(sql, botId);
  const { set, sticker } = editable(sql, botId, edit);
  const ids = () => stickersOf(sql, set).map((r) => r.media_id);
  switch (edit._) {
    case "add": {
      const n = ids().length;
      if (n >= capacityOf(set.type)) throw Errors.badRequest("STICKERS_TOO_MUCH");
      insertSticker(sql, set, edit.sticker, n);
      break;
    }
    case "replace": {
      const old = stickerRow(sql, edit.old);
      if (!old || old.set_name.toLowerCase() !== set.name.toLowerCase()) throw Errors.badRequest("STICKER_INVALID");
      run(sql, "DELETE FROM set_stickers WHERE media_id = ?", old.media_id);
      run(sql, "UPDATE sticker_sets SET thumb_custom_emoji_id = NULL WHERE thumb_custom_emoji_id = ?", old.media_id);
      insertSticker(sql, set, edit.sticker, old.position);
      break;
    }
    case "remove":
      run(sql, "DELETE FROM set_stickers WHERE media_id = ?", edit.sticker);
      run(sql, "UPDATE sticker_sets SET thumb_custom_emoji_id = NULL WHERE thumb_custom_emoji_id = ?", edit.sticker);
      reorder(sql, ids());
      break;
    case "move": {
      const order = ids().filter((id) => id !== edit.sticker);
      if (edit.position > order.length) throw Errors.badRequest("POSITION_INVALID");
      order.splice(edit.position, 0, edit.sticker);
      reorder(sql, order);
      break;
    }
    case "change": {
      const row = sticker as StickerRow;
      if (edit.mask_position && set.type !== "mask") throw Errors.badRequest("STICKER_MASK_COORDS_NOT_SUPPORTED");
      const mask =
        edit.mask_position === undefined ? row.mask : edit.mask_position && JSON.stringify(edit.mask_position);
      run(
        sql,
        "UPDATE set_stickers SET emoji = ?, keywords = ?, mask = ? WHERE media_id = ?",
        edit.emoji ? JSON.stringify(edit.emoji) : row.emoji,
        edit.keywords ? JSON.stringify(edit.keywords) : row.keywords,
        mask,
        row.media_id,
      );
      break;
    }
    case "rename":
      run(sql, "UPDATE sticker_sets SET title = ? WHERE name = ?", edit.title, set.name);
      break;
    case "thumb": {
      const emoji = edit.thumb_custom_emoji_id;
      if (emoji !== null && (set.type !== "custom_emoji" || stickerRow(sql, emoji)?.set_name !== set.name))
        throw Errors.badRequest("CUSTOM_EMOJI_INVALID");
      if (edit.thumb && set.type === "custom_emoji") throw Errors.badRequest("STICKER_THUMB_INVALID");
      const thumb = edit.thumb ? JSON.stringify(edit.thumb) : null;
      run(sql, "UPDATE sticker_sets SET thumb = ?, thumb_custom_emoji_id = ? WHERE name = ?", thumb, emoji, set.name);
      break;
    }
    case "delete":
      run(sql, "DELETE FROM set_stickers WHERE set_name = ?", set.name);
      run(sql, "DELETE FROM chat_sticker_sets WHERE set_name = ?", set.name);
      run(sql, "DELETE FROM sticker_sets WHERE name = ?", set.name);
      return null;
  }
  return stickerSet(sql, set.name);
}

/** The set a supergroup offers (null: none); naming a set that does not exist is refused. */
export function setChatSet(sql: SqlStorage, chatKey: string, name: string | null): void {
  if (name === null) {
    run(sql, "DELETE FROM chat_sticker_sets WHERE chat_key = ?", chatKey);
    return;
  }
  const set = setRow(sql, name);
  if (!set) throw Errors.badRequest("STICKERSET_INVALID");
  run(sql, "INSERT OR REPLACE INTO chat_sticker_sets (chat_key, set_name) VALUES (?, ?)", chatKey, set.name);
}

export function chatSet(sql: SqlStorage, chatKey: string): string | null {
  return (
    one<{ set_name: string }>(sql, "SELECT set_name FROM chat_sticker_sets WHERE chat_key = ?", chatKey)?.set_name ??
    null
  );
}
