/**
 * Media inside a message. Photos: the tiny inline preview at once, then the
 * stored thumbnail, and the full image in a viewer on click. Other files: a
 * download button with progress, then a save link.
 */
import { useEffect, useState } from "preact/hooks";
import type { MediaRef } from "../../../../protocol/model/media.ts";
import { fileSize } from "../core/format.ts";
import { showToast } from "../core/state.ts";
import { errorText } from "../ui/errors.ts";
import { VoiceNote } from "../voice/voice-note.tsx";
import { PhotoViewer } from "./photo-viewer.tsx";
import { inlinePreview, isCached, mediaUrl } from "./transfer.ts";

/** `fill`: the photo takes the size its container gives it (an album's grid cell) instead of its own. */
export function MediaView({ media, fill = false }: { media: MediaRef; fill?: boolean }) {
  if (media.audio?.voice) return <VoiceNote media={media} audio={media.audio} />;
  return media.mime_type.startsWith("image/") ? <Photo media={media} fill={fill} /> : <FileAttachment media={media} />;
}

/** The best stored thumbnail for a bubble ("m" ≈ 320 px), or none. */
const bubbleThumb = (m: MediaRef) => (["m", "x", "s"] as const).find((t) => m.thumbnails.some((x) => x.type === t));

function Photo({ media, fill }: { media: MediaRef; fill: boolean }) {
  const thumb = isCached(media) ? undefined : bubbleThumb(media);
  const [src, setSrc] = useState<string | undefined>(inlinePreview(media));
  const [loaded, setLoaded] = useState(false);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    let live = true;
    mediaUrl(media, thumb)
      .then((url) => {
        if (!live) return;
        setSrc(url);
        setLoaded(true);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [media.media_id]);
  const ratio = media.w && media.h ? media.w / media.h : 4 / 3;
  const width = Math.min(320, ratio >= 1 ? 320 : 320 * ratio);
  return (
    <>
      <button
        type="button"
        class="photo-btn"
        aria-label="Open photo"
        style={fill ? undefined : { width: `${width}px`, aspectRatio: `${ratio}` }}
        onClick={() => setOpen(true)}
      >
        {src ? (
          <img
            class={`photo ${loaded ? "" : "blurred"}`}
            src={src}
            alt=""
            data-testid="photo-thumb"
            data-loaded={loaded}
            data-kind={loaded ? (thumb ? "thumbnail" : "full") : "inline"}
          />
        ) : (
          <span class="photo placeholder" />
        )}
      </button>
      {open && <PhotoViewer media={media} onClose={() => setOpen(false)} />}
    </>
  );
}

function FileAttachment({ media }: { media: MediaRef }) {
  const [progress, setProgress] = useState<number | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const name = media.name ?? "file";
  async function download() {
    setProgress(0);
    try {
      setUrl(await mediaUrl(media, undefined, { onProgress: (d, t) => setProgress(t ? d / t : 0) }));
    } catch (e) {
      showToast(errorText(e));
    } finally {
      setProgress(null);
    }
  }
  return (
    <div class="file">
      {url ? (
        <a class="file-icon done" href={url} download={name} aria-label={`Save ${name}`}>
          ⤓
        </a>
      ) : (
        <button
          type="button"
          class="file-icon"
          aria-label={`Download ${name}`}
          onClick={() => void download()}
          disabled={progress !== null}
        >
          {progress === null ? "↓" : `${Math.round(progress * 100)}%`}
        </button>
      )}
      <div class="file-info">
        <div class="file-name">{name}</div>
        <div class="muted small">{fileSize(media.size)}</div>
        {progress !== null && <progress class="progress" value={progress} max={1} aria-label={`Downloading ${name}`} />}
      </div>
    </div>
  );
}
