/** A round avatar: the user's profile photo (its small thumbnail), else initials on a per-peer colour. */
import { useEffect, useState } from "preact/hooks";
import type { MediaRef } from "../../../../protocol/model/media.ts";
import type { ProfilePhoto } from "../../../../protocol/model/user.ts";
import { colorOf, initials } from "../core/format.ts";
import { mediaUrl } from "../media/transfer.ts";

export function Avatar({
  id,
  name,
  size = 48,
  online,
  photo,
}: {
  id: number;
  name: string;
  size?: number;
  online?: boolean;
  photo?: ProfilePhoto;
}) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    setUrl(null);
    if (!photo) return;
    let live = true;
    // The thumbnail store needs only the id and hash; size and kind do not matter for a thumbnail read.
    const ref = {
      media_id: photo.media_id,
      access_hash: photo.access_hash,
      size: 0,
      mime_type: "image/jpeg",
      thumbnails: [],
    } satisfies MediaRef;
    mediaUrl(ref, "s")
      .then((u) => live && setUrl(u))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [photo?.media_id]);
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
      {url ? <img class="avatar-photo" src={url} alt="" data-testid="avatar-photo" /> : initials(name)}
      {online && <span class="online-dot" />}
    </span>
  );
}
