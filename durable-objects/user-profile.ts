/**
 * A user's own profile row in their UserObject's SQLite (name, username, phone, about, whether a bot, and
 * presence), and the User others are shown from it. The directory's copies of name and username are the
 * caller's to keep in step.
 */
import { Errors } from "../protocol/errors.ts";
import type { User } from "../protocol/model/user.ts";
import { currentPhoto } from "./profile-photos.ts";
import { migrate, one, run } from "./sql.ts";

/** Online status lasts this long after the last activity unless renewed. */
export const ONLINE_TTL_S = 300;

const schema = [
  `CREATE TABLE IF NOT EXISTS profile (
     id INTEGER PRIMARY KEY, first_name TEXT NOT NULL, last_name TEXT, username TEXT, phone TEXT,
     about TEXT, bot INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL,
     online_until INTEGER NOT NULL DEFAULT 0, last_seen INTEGER NOT NULL DEFAULT 0)`,
];

export const initProfile = (sql: SqlStorage) => migrate(sql, schema);

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

export interface ProfilePatch {
  first_name?: string;
  last_name?: string;
  about?: string;
}

/** Sets the account up; a second call changes nothing (the account exists already). */
export function createProfile(sql: SqlStorage, p: NewProfile, now: number): void {
  run(
    sql,
    "INSERT OR IGNORE INTO profile (id, first_name, last_name, phone, bot, created) VALUES (?, ?, ?, ?, ?, ?)",
    p.id,
    p.first_name,
    p.last_name ?? null,
    p.phone ?? null,
    p.bot ? 1 : 0,
    now,
  );
}

/** The profile; USER_ID_INVALID while the account is not set up. */
export function profileOf(sql: SqlStorage): ProfileRow {
  const row = one<ProfileRow>(sql, "SELECT * FROM profile");
  if (!row) throw Errors.badRequest("USER_ID_INVALID");
  return row;
}

/** The user as `viewerId` may see them: the phone only for themself. */
export function userSeenBy(sql: SqlStorage, viewerId: number, now: number): User {
  const p = profileOf(sql);
  const self = viewerId === p.id;
  const user: User = { id: p.id, first_name: p.first_name };
  if (p.last_name) user.last_name = p.last_name;
  if (p.username) user.username = p.username;
  if (self && p.phone) user.phone = p.phone;
  if (p.bot) user.bot = true;
  if (self) user.self = true;
  const photo = currentPhoto(sql);
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

/**
 * Applies the fields given (an empty last name clears it). Returns the user's id, and their full name when
 * the patch named either part of it (the directory's copy then changes too), else null.
 */
export function patchProfile(sql: SqlStorage, patch: ProfilePatch): { id: number; name: string | null } {
  const p = profileOf(sql);
  const first = patch.first_name ?? p.first_name;
  const last = patch.last_name ?? p.last_name;
  run(sql, "UPDATE profile SET first_name = ?, last_name = ?, about = ?", first, last || null, patch.about ?? p.about);
  const named = patch.first_name !== undefined || patch.last_name !== undefined;
  return { id: p.id, name: named ? [first, last].filter(Boolean).join(" ") : null };
}

export function setUsername(sql: SqlStorage, username: string | null): void {
  run(sql, "UPDATE profile SET username = ?", username);
}

/** Marks the user online for ONLINE_TTL_S, or offline now. */
export function setOnline(sql: SqlStorage, online: boolean, now: number): void {
  if (online) run(sql, "UPDATE profile SET online_until = ?, last_seen = ?", now + ONLINE_TTL_S * 1000, now);
  else run(sql, "UPDATE profile SET online_until = 0, last_seen = ?", now);
}

/** The account's id if it is a bot's, null if a person's, undefined while it is not set up. */
export function botIdOf(sql: SqlStorage): number | null | undefined {
  const p = one<{ id: number; bot: number }>(sql, "SELECT id, bot FROM profile");
  if (!p) return undefined;
  return p.bot ? p.id : null;
}
