/** Creates a group or a channel: a name and members picked by search. */
import { useEffect, useState } from "preact/hooks";
import type { User } from "../../../../protocol/model/user.ts";
import { createGroup } from "../core/chats.ts";
import { fullName } from "../core/format.ts";
import { client } from "../core/session.ts";
import { Modal } from "../ui/modal.tsx";

export function NewChatDialog({ kind, onClose }: { kind: "group" | "channel"; onClose: () => void }) {
  const [title, setTitle] = useState("");
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<User[]>([]);
  const [members, setMembers] = useState<User[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!query.trim()) return setFound([]);
    const t = setTimeout(() => {
      client()
        .call("contacts.search", { q: query.trim(), limit: 10 })
        .then((r) => setFound(r.users.filter((u) => !u.self)))
        .catch(() => setFound([]));
    }, 200);
    return () => clearTimeout(t);
  }, [query]);
  const toggle = (u: User) =>
    setMembers((m) => (m.some((x) => x.id === u.id) ? m.filter((x) => x.id !== u.id) : [...m, u]));
  const needsMembers = kind === "group" && members.length === 0;
  return (
    <Modal title={kind === "group" ? "New group" : "New channel"} onClose={onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          await createGroup(
            kind,
            title.trim(),
            members.map((m) => m.id),
          );
          setBusy(false);
          onClose();
        }}
      >
        <label class="field">
          <span>{kind === "group" ? "Group name" : "Channel name"}</span>
          <input value={title} onInput={(e) => setTitle(e.currentTarget.value)} required autoFocus />
        </label>
        <label class="field">
          <span>Add members</span>
          <input
            type="search"
            placeholder="Search by name or username"
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
        </label>
        {members.length > 0 && (
          <div class="chips">
            {members.map((m) => (
              <button
                type="button"
                class="chip"
                key={m.id}
                onClick={() => toggle(m)}
                aria-label={`Remove ${fullName(m)}`}
              >
                {fullName(m)} ×
              </button>
            ))}
          </div>
        )}
        <ul class="pick-list">
          {found.map((u) => (
            <li key={u.id}>
              <label>
                <input type="checkbox" checked={members.some((m) => m.id === u.id)} onChange={() => toggle(u)} />
                {fullName(u)} {u.username && <span class="muted">@{u.username}</span>}
              </label>
            </li>
          ))}
        </ul>
        <div class="modal-actions">
          <button type="button" class="flat" onClick={onClose}>
            Cancel
          </button>
          <button class="primary" type="submit" disabled={busy || !title.trim() || needsMembers}>
            Create
          </button>
        </div>
      </form>
    </Modal>
  );
}
