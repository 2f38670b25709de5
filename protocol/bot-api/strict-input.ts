/**
 * Input Telegram refuses and a lax reader would let through: bytes that are not UTF-8 (decoders
 * would turn them into U+FFFD), lone surrogates and NUL in strings, and JSON nested or sized
 * beyond anything the Bot API sends (checked on the text, before parsing builds it).
 */
import { RpcError } from "../errors.ts";

/** A 400 in the Bot API's own words (the worker's errors.ts passes such texts through). */
const badRequest = (description: string) => new RpcError(400, description);

/** Deeper than anything the Bot API nests (InputMedia → caption_entities → entity → user is 4). */
export const MAX_JSON_DEPTH = 16;
/** A JSON-serialized field (reply_markup, media, entities …): far beyond 100 buttons or 10 captions. */
export const MAX_JSON_FIELD_CHARS = 256 * 1024;
/** A whole JSON or urlencoded body: these carry no files. */
export const MAX_TEXT_BODY_BYTES = 1024 * 1024;

const NOT_UTF8 = "strings must be encoded in UTF-8";
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Decodes UTF-8 strictly: Telegram refuses what is not. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw badRequest(NOT_UTF8);
  }
}

/** application/x-www-form-urlencoded (also a query string), with strict UTF-8 after percent-decoding. */
export function decodeForm(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const pair of text.replace(/^\?/, "").split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const [k, val] = eq < 0 ? [pair, ""] : [pair.slice(0, eq), pair.slice(eq + 1)];
    out.push([percentDecode(k), percentDecode(val)]);
  }
  return out;
}

function percentDecode(s: string): string {
  const plain = s.replace(/\+/g, " ");
  if (!plain.includes("%")) return plain;
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < plain.length; i++) {
    const hex = plain[i] === "%" ? plain.slice(i + 1, i + 3) : "";
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      const cp = plain.codePointAt(i) as number;
      bytes.push(...enc.encode(String.fromCodePoint(cp)));
      if (cp > 0xffff) i++;
    }
  }
  return decodeUtf8(new Uint8Array(bytes));
}

/** Refuses strings (anywhere in a parameter value, keys too) with lone surrogates or NUL. */
export function checkStrings(value: unknown, depth = 0): void {
  if (typeof value === "string") {
    if (LONE_SURROGATE.test(value)) throw badRequest(NOT_UTF8);
    if (value.includes("\0")) throw badRequest("strings must not contain NUL characters");
  } else if (typeof value === "object" && value !== null && depth <= MAX_JSON_DEPTH) {
    for (const [k, v] of Object.entries(value)) {
      checkStrings(k, depth + 1);
      checkStrings(v, depth + 1);
    }
  }
}

/** Parses JSON after checking its size and nesting on the text; `failure` is the Bot API's wording. */
export function parseBoundedJson(text: string, maxChars: number, failure: string): unknown {
  if (text.length > maxChars || nestingOf(text) > MAX_JSON_DEPTH) throw badRequest(failure);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest(failure);
  }
}

/** The deepest [ / { nesting in a JSON text (strings skipped); stops counting once past the bound. */
function nestingOf(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // Skip a string, honouring backslash escapes.
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 91 || c === 123) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > MAX_JSON_DEPTH) return deepest;
    } else if (c === 93 || c === 125) depth--;
  }
  return deepest;
}
