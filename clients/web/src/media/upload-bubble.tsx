/** A file on its way up: preview, name, a progress bar and a cancel button. */
import { fileSize } from "../core/format.ts";
import type { Upload } from "../core/state.ts";

export function UploadBubble({ upload: u }: { upload: Upload }) {
  const pct = u.size ? Math.round((u.sent / u.size) * 100) : 0;
  return (
    <div class="msg out" data-testid="upload">
      <div class="bubble upload">
        {u.previewUrl && <img class="photo uploading" src={u.previewUrl} alt="" />}
        <div class="upload-row">
          <button type="button" class="cancel-btn" aria-label={`Cancel upload of ${u.name}`} onClick={u.cancel}>
            ×
          </button>
          <div class="upload-info">
            <div class="file-name">{u.name}</div>
            <div class="muted small">
              {fileSize(u.sent)} of {fileSize(u.size)}
            </div>
          </div>
        </div>
        <progress
          class="progress"
          max={u.size || 1}
          value={u.sent}
          aria-label={`Uploading ${u.name}`}
          data-testid="upload-progress"
          data-pct={pct}
        />
      </div>
    </div>
  );
}
