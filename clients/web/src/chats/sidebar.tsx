/** The left column: menu, search box, and either search results or the dialog list. */
import { useEffect, useRef, useState } from "preact/hooks";
import type { Message } from "../../../../protocol/model/message.ts";
import type { User } from "../../../../protocol/model/user.ts";
import { messagePreview } from "../chat/preview.ts";
import { openUser, sortedDialogs } from "../core/chats.ts";
import { fullName } from "../core/format.ts";
import { jumpTo, peerKeyOf, searchMessages } from "../core/search.ts";
import { client, logOut } from "../core/session.ts";
import { app, peerTitle } from "../core/state.ts";
import { useStore } from "../core/store.ts";
import { Avatar } from "../ui/avatar.tsx";
import { useDismiss } from "../ui/dismiss.ts";
import { currentTheme, setTheme } from "../ui/theme.ts";
import { DialogRow } from "./dialog-row.tsx";
import { NewChatDialog } from "./new-chat-dialog.tsx";
import { SettingsDialog } from "./settings-dialog.tsx";

export function Sidebar() {
  const [query, setQuery] = useState("");
  const [menu, setMenu] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const menuBox = useRef<HTMLDivElement>(null);
  useDismiss(menu, () => setMenu(false), [menuButton, menuBox]);
  const [creating, setCreating] = useState<"group" | "channel" | null>(null);
  const [settings, setSettings] = useState(false);
  const archiveOpen = useStore(app, (s) => s.archiveOpen);
  const keys = useStore(app, (s) => sortedDialogs(s, s.archiveOpen ? 1 : 0).join(","));
  const self = useStore(app, (s) => s.self);
  return (
    <aside class="sidebar" aria-label="Chats">
      <header class="sidebar-head">
        <button
          type="button"
          class="icon-btn"
          aria-label="Menu"
          ref={menuButton}
          aria-haspopup="menu"
          aria-expanded={menu}
          onClick={() => setMenu(!menu)}
        >
          <span class="hamburger" aria-hidden="true" />
        </button>
        <label class="search">
          <span class="visually-hidden">Search users</span>
          <input
            type="search"
            placeholder="Search"
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
            onKeyDown={(e) => e.key === "Escape" && setQuery("")}
          />
        </label>
        {menu && (
          <div class="menu" role="menu" ref={menuBox}>
            <div class="menu-self">
              <Avatar id={self?.id ?? 0} name={fullName(self ?? undefined)} size={40} photo={self?.photo} />
              <div>
                <strong>{fullName(self ?? undefined)}</strong>
                <div class="muted small">{self?.phone}</div>
              </div>
            </div>
            <button
              type="button"
              role="menuitem"
              onClick={() => {
                setMenu(false);
                setCreating("group");
              }}
            >
              New group
            </button>
            <button
              type="button"
              role="menuitem"
              onClick={() => {
                setMenu(false);
                setCreating("channel");
              }}
            >
              New channel
            </button>
            <button
              type="button"
              role="menuitem"
              onClick={() => {
                setMenu(false);
                setSettings(true);
              }}
            >
              Settings
            </button>
            <button
              type="button"
              role="menuitemcheckbox"
              aria-checked={currentTheme() === "dark"}
              onClick={() => {
                setMenu(false);
                setTheme(currentTheme() === "dark" ? "light" : "dark");
              }}
            >
              Night mode
            </button>
            <button type="button" role="menuitem" onClick={() => void logOut()}>
              Log out
            </button>
          </div>
        )}
      </header>
      {query.trim() ? (
        <SearchResults query={query.trim()} onPick={() => setQuery("")} />
      ) : (
        <ul class="dialogs" aria-label={archiveOpen ? "Archived chats" : "Chat list"}>
          {archiveOpen ? <ArchiveHeader /> : <ArchiveRow />}
          {keys ? (
            keys.split(",").map((k) => <DialogRow key={k} peerKey={k} />)
          ) : archiveOpen ? (
            <li class="empty muted">No archived chats.</li>
          ) : (
            <li class="empty muted">No chats yet. Search for people by name or username to start one.</li>
          )}
        </ul>
      )}
      {creating && <NewChatDialog kind={creating} onClose={() => setCreating(null)} />}
      {settings && <SettingsDialog onClose={() => setSettings(false)} />}
    </aside>
  );
}

/** The "Archived chats" row atop the main list (while the archive has any): opens the archive. */
function ArchiveRow() {
  const archived = useStore(app, (s) => sortedDialogs(s, 1));
  const unread = useStore(app, (s) => archived.reduce((n, k) => n + (s.dialogs[k]?.unread_count ?? 0), 0));
  const titles = useStore(app, (s) => archived.map((k) => peerTitle(s, k)).join(", "));
  if (archived.length === 0) return null;
  return (
    <li>
      <button type="button" class="dialog archive-row" onClick={() => app.set({ archiveOpen: true })}>
        <span class="archive-icon" aria-hidden="true">
          <ArchiveIcon />
        </span>
        <span class="dialog-body">
          <span class="dialog-top">
            <span class="dialog-title">Archived chats</span>
          </span>
          <span class="dialog-bottom">
            <span class="dialog-last muted">{titles}</span>
            {unread > 0 && <span class="badge badge-muted">{unread}</span>}
          </span>
        </span>
      </button>
    </li>
  );
}

function ArchiveHeader() {
  return (
    <li class="archive-head">
      <button type="button" class="icon-btn" aria-label="Back to chats" onClick={() => app.set({ archiveOpen: false })}>
        ←
      </button>
      <h2 class="archive-title">Archived chats</h2>
    </li>
  );
}

const ArchiveIcon = () => (
  <svg viewBox="0 0 24 24" width="26" height="26" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true">
    <rect x="3" y="4" width="18" height="5" rx="1" />
    <path d="M5 9v10a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V9M10 13h4" />
  </svg>
);

function SearchResults({ query, onPick }: { query: string; onPick: () => void }) {
  const [users, setUsers] = useState<User[] | null>(null);
  const [found, setFound] = useState<Message[]>([]);
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      client()
        .call("contacts.search", { q: query, limit: 20 })
        .then((r) => live && setUsers(r.users))
        .catch(() => live && setUsers([]));
      searchMessages(query)
        .then((m) => live && setFound(m))
        .catch(() => live && setFound([]));
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [query]);
  if (!users) return <p class="empty muted">Searching…</p>;
  return (
    <>
      {users.length ? (
        <UserResults users={users} onPick={onPick} />
      ) : (
        <p class="empty muted">No users found for “{query}”.</p>
      )}
      {found.length > 0 && <MessageResults messages={found} onPick={onPick} />}
    </>
  );
}

/** Messages containing the query, newest first: a click opens the chat at the message. */
function MessageResults({ messages, onPick }: { messages: Message[]; onPick: () => void }) {
  const titles = useStore(app, (s) => messages.map((m) => peerTitle(s, peerKeyOf(m))).join("\n")).split("\n");
  return (
    <>
      <h3 class="search-section muted small">Messages</h3>
      <ul class="dialogs" aria-label="Messages found">
        {messages.map((m, i) => (
          <li key={`${peerKeyOf(m)}:${m.id}`}>
            <button
              type="button"
              class="dialog"
              onClick={() => {
                onPick();
                void jumpTo(peerKeyOf(m), m.id);
              }}
            >
              <Avatar id={m.peer_id.id} name={titles[i] ?? ""} />
              <span class="dialog-body">
                <span class="dialog-title">{titles[i]}</span>
                <span class="dialog-last muted">{messagePreview(m)}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

function UserResults({ users, onPick }: { users: User[]; onPick: () => void }) {
  return (
    <ul class="dialogs" aria-label="Search results">
      {users.map((u) => (
        <li key={u.id}>
          <button
            type="button"
            class="dialog"
            onClick={() => {
              openUser(u);
              onPick();
            }}
          >
            <Avatar id={u.id} name={fullName(u)} photo={u.photo} />
            <span class="dialog-body">
              <span class="dialog-title">{fullName(u)}</span>
              <span class="dialog-last muted">{u.username ? `@${u.username}` : "user"}</span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
