/** Settings from the ☰ menu: the profile photo, name, bio and username; two-step verification and active sessions. */
import { useState } from "preact/hooks";
import { fullName } from "../core/format.ts";
import { client, setSelf as keepSelf } from "../core/session.ts";
import { app, showToast } from "../core/state.ts";
import { useStore } from "../core/store.ts";
import { uploadFile } from "../media/transfer.ts";
import { Avatar } from "../ui/avatar.tsx";
import { errorText } from "../ui/errors.ts";
import { Modal } from "../ui/modal.tsx";
import { PhotoCrop } from "./photo-crop.tsx";
import { SessionsList } from "./sessions-list.tsx";
import { TwoStepSettings } from "./two-step-settings.tsx";

export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const self = useStore(app, (s) => s.self);
  // A field shows the account's value until it is edited: after a reload the remembered account shows
  // first and the server's fresh copy lands a moment later, which must not be overwritten by the stale one.
  const [edits, setEdits] = useState<{ first?: string; last?: string; about?: string; username?: string }>({});
  const first = edits.first ?? self?.first_name ?? "";
  const last = edits.last ?? self?.last_name ?? "";
  const about = edits.about ?? self?.about ?? "";
  const username = edits.username ?? self?.username ?? "";
  const edit = (patch: typeof edits) => setEdits((e) => ({ ...e, ...patch }));
  const [usernameError, setUsernameError] = useState("");
  const [page, setPage] = useState<"main" | "two-step" | "sessions">("main");
  const [cropping, setCropping] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  if (!self) return null;
  if (page === "two-step")
    return (
      <Modal title="Two-step verification" onClose={onClose}>
        <TwoStepSettings onBack={() => setPage("main")} />
      </Modal>
    );
  if (page === "sessions")
    return (
      <Modal title="Active sessions" onClose={onClose}>
        <SessionsList onBack={() => setPage("main")} />
      </Modal>
    );

  // Remembered on this device too, so a reload does not show the account as it was before.
  const setSelf = async (patch: Partial<NonNullable<typeof self>>) => {
    const now = app.get().self;
    if (now) await keepSelf({ ...now, ...patch });
  };

  async function setPhoto(file: File) {
    setBusy(true);
    try {
      const ref = await uploadFile(file);
      const { photo } = await client().call("photos.uploadProfilePhoto", {
        media_id: ref.media_id,
        access_hash: ref.access_hash,
      });
      await setSelf({ photo });
    } catch (e) {
      showToast(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  async function save() {
    setBusy(true);
    setUsernameError("");
    try {
      const wanted = username.trim().replace(/^@/, "");
      if (wanted !== (self?.username ?? "")) {
        try {
          const user = await client().call("account.updateUsername", { username: wanted });
          await setSelf({ username: user.username });
        } catch (e) {
          // Shown under the field, like Telegram's "This username is already taken."
          return setUsernameError(errorText(e));
        }
      }
      const user = await client().call("account.updateProfile", { first_name: first, last_name: last, about });
      await setSelf({ first_name: user.first_name, last_name: user.last_name, about });
      onClose();
    } catch (e) {
      showToast(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  // Here, after setPhoto and what it uses are defined: the editor's callback calls them.
  if (cropping)
    return (
      <Modal title="Crop photo" onClose={() => setCropping(null)}>
        <PhotoCrop
          file={cropping}
          onCancel={() => setCropping(null)}
          onDone={(photo) => {
            setCropping(null);
            void setPhoto(photo);
          }}
        />
      </Modal>
    );

  return (
    <Modal title="Settings" onClose={onClose}>
      <div class="settings">
        <label class="settings-photo">
          <Avatar id={self.id} name={fullName(self)} size={96} photo={self.photo} />
          <span class="accent">Set profile photo</span>
          <input
            type="file"
            accept="image/png,image/jpeg,image/webp"
            class="visually-hidden"
            aria-label="Profile photo"
            disabled={busy}
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              e.currentTarget.value = "";
              if (f) setCropping(f);
            }}
          />
        </label>
        <label>
          First name
          <input value={first} onInput={(e) => edit({ first: e.currentTarget.value })} />
        </label>
        <label>
          Last name
          <input value={last} onInput={(e) => edit({ last: e.currentTarget.value })} />
        </label>
        <label>
          Bio
          <input value={about} maxLength={70} onInput={(e) => edit({ about: e.currentTarget.value })} />
        </label>
        <label>
          Username
          <input
            value={username}
            maxLength={33}
            aria-invalid={usernameError ? true : undefined}
            aria-describedby="username-error"
            onInput={(e) => {
              edit({ username: e.currentTarget.value });
              setUsernameError("");
            }}
          />
        </label>
        {usernameError && (
          <p id="username-error" class="form-error" role="alert">
            {usernameError}
          </p>
        )}
        <button type="button" class="primary" disabled={busy || !first.trim()} onClick={() => void save()}>
          Save
        </button>
        <button type="button" class="settings-link" onClick={() => setPage("two-step")}>
          Two-step verification
        </button>
        <button type="button" class="settings-link" onClick={() => setPage("sessions")}>
          Active sessions
        </button>
      </div>
    </Modal>
  );
}
