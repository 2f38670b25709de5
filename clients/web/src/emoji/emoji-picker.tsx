/**
 * The emoji panel by the composer: categories, search by name and tag, recently
 * used. The emoji list (emojibase) is loaded on first open, not with the app.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { Emoji } from "./emoji-text.tsx";

interface EmojiEntry {
  label: string;
  unicode: string;
  group?: number;
  order?: number;
  tags?: string[];
}

const GROUPS: [number, string, string][] = [
  [0, "Smileys & emotion", "😀"],
  [1, "People & body", "👋"],
  [3, "Animals & nature", "🐻"],
  [4, "Food & drink", "🍔"],
  [5, "Travel & places", "🚗"],
  [6, "Activities", "⚽"],
  [7, "Objects", "💡"],
  [8, "Symbols", "❤️"],
  [9, "Flags", "🏳️"],
];
const RECENT_KEY = "edgegram.recent-emoji";
const RECENT_MAX = 24;

let list: Promise<EmojiEntry[]> | undefined;
function loadList(): Promise<EmojiEntry[]> {
  list ??= import("virtual:emoji-list").then((m) =>
    m.default.map(([label, unicode, group, tags]) => ({ label, unicode, group, tags: tags.split(" ") })),
  );
  return list;
}

export function recentEmoji(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(RECENT_KEY) ?? "[]");
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

function remember(emoji: string): void {
  const next = [emoji, ...recentEmoji().filter((e) => e !== emoji)].slice(0, RECENT_MAX);
  localStorage.setItem(RECENT_KEY, JSON.stringify(next));
}

export function EmojiPicker(props: { onPick: (emoji: string) => void; onClose: () => void }) {
  const [all, setAll] = useState<EmojiEntry[] | null>(null);
  const [recent, setRecent] = useState(recentEmoji);
  const [group, setGroup] = useState<number | "recent">(() => (recentEmoji().length ? "recent" : 0));
  const [query, setQuery] = useState("");
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void loadList().then(setAll);
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && props.onClose();
    const onDown = (e: PointerEvent) => {
      const t = e.target as Element;
      if (!panel.current?.contains(t) && !t.closest?.(".emoji-toggle")) props.onClose();
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onDown);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onDown);
    };
  }, []);

  const shown = useMemo(() => {
    if (!all) return [];
    const q = query.trim().toLowerCase();
    if (q) return all.filter((e) => e.label.toLowerCase().includes(q) || e.tags?.some((t) => t.startsWith(q)));
    if (group === "recent")
      return recent.map((unicode) => all.find((e) => e.unicode === unicode) ?? { label: unicode, unicode });
    return all.filter((e) => e.group === group);
  }, [all, group, query, recent]);

  function pick(emoji: string) {
    remember(emoji);
    setRecent(recentEmoji());
    props.onPick(emoji);
  }

  return (
    <div class="emoji-picker" ref={panel} role="dialog" aria-label="Emoji">
      <input
        type="search"
        class="emoji-search"
        placeholder="Search emoji"
        aria-label="Search emoji"
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      {!query && (
        <div class="emoji-tabs" role="tablist" aria-label="Emoji categories">
          <button
            type="button"
            role="tab"
            aria-selected={group === "recent"}
            aria-label="Recent"
            onClick={() => setGroup("recent")}
          >
            <Emoji emoji="🕘" />
          </button>
          {GROUPS.map(([id, name, icon]) => (
            <button
              key={id}
              type="button"
              role="tab"
              aria-selected={group === id}
              aria-label={name}
              onClick={() => setGroup(id)}
            >
              <Emoji emoji={icon} />
            </button>
          ))}
        </div>
      )}
      <section class="emoji-grid" aria-label="Emoji list">
        {!all && <span class="muted">Loading…</span>}
        {all && shown.length === 0 && <span class="muted">{query ? "No emoji found" : "No recent emoji"}</span>}
        {shown.map((e) => (
          <button
            key={e.unicode}
            type="button"
            class="emoji-cell"
            title={e.label}
            aria-label={e.label}
            onClick={() => pick(e.unicode)}
          >
            <Emoji emoji={e.unicode} hideMissing />
          </button>
        ))}
      </section>
    </div>
  );
}
