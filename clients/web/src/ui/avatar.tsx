/** A round avatar with initials on a per-peer colour. */
import { colorOf, initials } from "../core/format.ts";

export function Avatar({ id, name, size = 48, online }: { id: number; name: string; size?: number; online?: boolean }) {
  return (
    <span
      class="avatar"
      style={{
        width: `${size}px`,
        height: `${size}px`,
        background: colorOf(id),
        fontSize: `${Math.round(size * 0.38)}px`,
      }}
      aria-hidden="true"
    >
      {initials(name)}
      {online && <span class="online-dot" />}
    </span>
  );
}
