/**
 * The headers every response carrying a user's file gets (/files/<token> and the Bot API's /file/bot…):
 * those files are served on the web app's own origin, so none may ever run there as a page.
 */

/** Raster images, audio and video: what a browser only ever renders, never executes (not SVG, HTML or XML). */
const INERT_MEDIA = /^(image\/(png|jpeg|gif|webp|avif|bmp)|audio\/[\w.+-]+|video\/[\w.+-]+)$/i;

export const isInertMedia = (mime: string) => INERT_MEDIA.test(mime.split(";")[0]?.trim() ?? "");

/**
 * On every /files response: no MIME sniffing, a sandbox with nothing allowed (so even a page that
 * slipped through has an opaque origin, no script, no storage of ours), and anything but inert media
 * as a download — an uploaded HTML or SVG file must never become a page on the app's origin.
 */
export function fileGuard(mime: string | null): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
    "content-disposition": mime !== null && isInertMedia(mime) ? "inline" : "attachment",
  };
}
