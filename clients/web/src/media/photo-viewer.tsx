/** The full-size photo over the app, with download progress; Escape or a click closes it. */
import { useEffect, useState } from "preact/hooks";
import type { MediaRef } from "../../../../protocol/model/media.ts";
import { inlinePreview, mediaUrl } from "./transfer.ts";

export function PhotoViewer({ media, onClose }: { media: MediaRef; onClose: () => void }) {
  const [url, setUrl] = useState<string | null>(null);
  const [progress, setProgress] = useState(0);
  useEffect(() => {
    let live = true;
    mediaUrl(media, undefined, { onProgress: (d, t) => live && setProgress(t ? d / t : 0) })
      .then((u) => live && setUrl(u))
      .catch(() => live && onClose());
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    addEventListener("keydown", onKey);
    return () => {
      live = false;
      removeEventListener("keydown", onKey);
    };
  }, [media.media_id]);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: Escape closes it (listener above); the click is the mouse path
    <div class="viewer" role="dialog" aria-modal="true" aria-label="Photo" onClick={onClose}>
      <button type="button" class="icon-btn viewer-close" aria-label="Close" onClick={onClose} autoFocus>
        ×
      </button>
      {url ? (
        <img src={url} alt={media.name ?? "Full size"} data-testid="photo-full" />
      ) : (
        <div class="viewer-loading">
          {inlinePreview(media) && <img class="blurred" src={inlinePreview(media)} alt="" />}
          <progress class="progress" value={progress} max={1} aria-label="Downloading photo" />
        </div>
      )}
      {url && (
        <a class="viewer-save" href={url} download={media.name ?? "photo"} onClick={(e) => e.stopPropagation()}>
          Save
        </a>
      )}
    </div>
  );
}
