/** Display formatting: names, initials, times, "last seen", file sizes. */
import type { User, UserStatus } from "../../../../protocol/model/user.ts";

export const fullName = (u: Pick<User, "first_name" | "last_name"> | undefined): string =>
  u ? [u.first_name, u.last_name].filter(Boolean).join(" ") : "Unknown";

export const initials = (name: string): string =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => [...w][0]?.toUpperCase() ?? "")
    .join("") || "?";

const pad = (n: number) => String(n).padStart(2, "0");

export const clock = (unix: number): string => {
  const d = new Date(unix * 1000);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

const sameDay = (a: Date, b: Date) =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** Chat list time: today → 14:05, this week → Mon, older → 12.03.26. */
export function shortDate(unix: number, now = new Date()): string {
  const d = new Date(unix * 1000);
  if (sameDay(d, now)) return clock(unix);
  if (now.getTime() - d.getTime() < 6 * 86_400_000) return d.toLocaleDateString(undefined, { weekday: "short" });
  return `${pad(d.getDate())}.${pad(d.getMonth() + 1)}.${String(d.getFullYear()).slice(2)}`;
}

/** Date separator label inside a chat. */
export function dayLabel(unix: number, now = new Date()): string {
  const d = new Date(unix * 1000);
  if (sameDay(d, now)) return "Today";
  const y = new Date(now.getTime() - 86_400_000);
  if (sameDay(d, y)) return "Yesterday";
  return d.toLocaleDateString(undefined, {
    day: "numeric",
    month: "long",
    year: d.getFullYear() === now.getFullYear() ? undefined : "numeric",
  });
}

export const dayKey = (unix: number): string => new Date(unix * 1000).toDateString();

export function lastSeen(status: UserStatus | undefined, nowSec = Date.now() / 1000): string {
  if (!status) return "last seen recently";
  switch (status._) {
    case "online":
      return status.expires > nowSec ? "online" : `last seen at ${clock(status.expires)}`;
    case "offline": {
      const ago = nowSec - status.was_online;
      if (ago < 60) return "last seen just now";
      if (ago < 3600) return `last seen ${Math.floor(ago / 60)} min ago`;
      return `last seen ${dayLabel(status.was_online).toLowerCase()} at ${clock(status.was_online)}`;
    }
    case "recently":
      return "last seen recently";
    default:
      return "last seen a long time ago";
  }
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A stable accent colour per id for avatars (Telegram's palette). */
const PALETTE = ["#e17076", "#faa774", "#a695e7", "#7bc862", "#6ec9cb", "#65aadd", "#ee7aae"];
export const colorOf = (id: number): string => PALETTE[Math.abs(id) % PALETTE.length] as string;
