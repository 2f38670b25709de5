/**
 * Crops a chosen picture to the square a profile photo is, as Telegram's photo editor does: the picture
 * covers a square frame, drag moves it, the slider zooms, and "Set photo" gives a 640×640 JPEG.
 */
import { useEffect, useRef, useState } from "preact/hooks";

/** The frame's side on screen, in CSS pixels. */
const FRAME = 280;
/** The side of the photo that is uploaded. */
const OUTPUT = 640;
const MAX_ZOOM = 3;

interface Pan {
  x: number;
  y: number;
}

/** Keeps the picture covering the frame: its top-left corner never comes inside it. */
function clampPan(pan: Pan, w: number, h: number): Pan {
  return { x: Math.min(0, Math.max(FRAME - w, pan.x)), y: Math.min(0, Math.max(FRAME - h, pan.y)) };
}

export function PhotoCrop(props: { file: File; onDone: (photo: File) => void; onCancel: () => void }) {
  const [image, setImage] = useState<{ bitmap: ImageBitmap; url: string } | null>(null);
  const [failed, setFailed] = useState(false);
  const [zoom, setZoom] = useState(1);
  const [pan, setPan] = useState<Pan>({ x: 0, y: 0 });
  const drag = useRef<{ from: Pan; at: Pan } | null>(null);

  useEffect(() => {
    const url = URL.createObjectURL(props.file);
    let bitmap: ImageBitmap | null = null;
    createImageBitmap(props.file).then(
      (b) => {
        bitmap = b;
        const base = FRAME / Math.min(b.width, b.height);
        // Centred, as the editor opens.
        setPan({ x: (FRAME - b.width * base) / 2, y: (FRAME - b.height * base) / 2 });
        setImage({ bitmap: b, url });
      },
      () => setFailed(true),
    );
    return () => {
      URL.revokeObjectURL(url);
      bitmap?.close();
    };
  }, [props.file]);

  if (failed)
    return (
      <div class="photo-crop">
        <p class="form-error" role="alert">
          This picture cannot be read.
        </p>
        <button type="button" onClick={props.onCancel}>
          Back
        </button>
      </div>
    );
  if (!image) return <div class="photo-crop" aria-busy="true" />;

  const scale = (FRAME / Math.min(image.bitmap.width, image.bitmap.height)) * zoom;
  const w = image.bitmap.width * scale;
  const h = image.bitmap.height * scale;
  const shown = clampPan(pan, w, h);

  const zoomTo = (next: number) => {
    // Zoom about the frame's centre, so the part in the middle stays there.
    const k = next / zoom;
    const c = FRAME / 2;
    setPan({ x: c - (c - shown.x) * k, y: c - (c - shown.y) * k });
    setZoom(next);
  };

  async function done() {
    if (!image) return;
    const canvas = document.createElement("canvas");
    canvas.width = OUTPUT;
    canvas.height = OUTPUT;
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    ctx.drawImage(image.bitmap, -shown.x / scale, -shown.y / scale, FRAME / scale, FRAME / scale, 0, 0, OUTPUT, OUTPUT);
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, "image/jpeg", 0.9));
    if (blob) props.onDone(new File([blob], "profile.jpg", { type: "image/jpeg" }));
  }

  return (
    <div class="photo-crop">
      <div
        class="photo-crop-frame"
        role="img"
        aria-label="Crop area: drag to move the picture"
        style={{ width: `${FRAME}px`, height: `${FRAME}px` }}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          drag.current = { from: shown, at: { x: e.clientX, y: e.clientY } };
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (d) setPan({ x: d.from.x + e.clientX - d.at.x, y: d.from.y + e.clientY - d.at.y });
        }}
        onPointerUp={() => {
          drag.current = null;
          setPan(shown);
        }}
      >
        <img
          src={image.url}
          alt=""
          draggable={false}
          style={{ width: `${w}px`, height: `${h}px`, transform: `translate(${shown.x}px, ${shown.y}px)` }}
        />
      </div>
      <label class="photo-crop-zoom">
        Zoom
        <input
          type="range"
          min={1}
          max={MAX_ZOOM}
          step={0.01}
          value={zoom}
          onInput={(e) => zoomTo(Number(e.currentTarget.value))}
        />
      </label>
      <div class="photo-crop-actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" class="primary" onClick={() => void done()}>
          Set photo
        </button>
      </div>
    </div>
  );
}
