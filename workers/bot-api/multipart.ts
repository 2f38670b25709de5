/**
 * A small multipart/form-data reader. The runtime's FormData parser drops
 * files whose `filename=` is unquoted — which grammY sends — so bots'
 * uploads would arrive as text; this reads parts as bytes and is lenient
 * about header quoting, as Telegram's server is.
 */
export interface Part {
  name: string;
  filename?: string;
  type?: string;
  data: Uint8Array;
}

const CRLF_CRLF = new Uint8Array([13, 10, 13, 10]);

function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  outer: for (
    let i = hay.indexOf(first as number, from);
    i >= 0 && i <= hay.length - needle.length;
    i = hay.indexOf(first as number, i + 1)
  ) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function param(header: string, key: string): string | undefined {
  const m = new RegExp(`;\\s*${key}\\*?=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\r\\n]*))`, "i").exec(header);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : (m[2] ?? "").trim();
}

/** Splits a multipart body into parts; null if it is not well formed. */
export function parseMultipart(body: Uint8Array, boundary: string): Part[] | null {
  const enc = new TextEncoder();
  const delim = enc.encode(`--${boundary}`);
  const parts: Part[] = [];
  let at = indexOf(body, delim, 0);
  if (at < 0) return null;
  for (;;) {
    at += delim.length;
    if (body[at] === 45 && body[at + 1] === 45) return parts; // closing "--"
    if (body[at] === 13 && body[at + 1] === 10) at += 2;
    const headEnd = indexOf(body, CRLF_CRLF, at);
    if (headEnd < 0) return null;
    const head = new TextDecoder().decode(body.subarray(at, headEnd));
    const next = indexOf(body, enc.encode(`\r\n--${boundary}`), headEnd + 4);
    if (next < 0) return null;
    const disposition = head.split(/\r\n/).find((l) => /^content-disposition\s*:/i.test(l)) ?? "";
    const type = head.split(/\r\n/).find((l) => /^content-type\s*:/i.test(l));
    const name = param(disposition, "name");
    if (name !== undefined) {
      const filename = param(disposition, "filename");
      parts.push({
        name,
        ...(filename !== undefined ? { filename } : {}),
        ...(type ? { type: type.slice(type.indexOf(":") + 1).trim() } : {}),
        data: body.slice(headEnd + 4, next),
      });
    }
    at = next + 2;
  }
}
