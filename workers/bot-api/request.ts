/**
 * Reads a Bot API request's parameters the four ways bots send them: query
 * string, JSON, urlencoded and multipart (uploaded files are kept aside by
 * field name, for `attach://<name>` and InputFile fields).
 */

import { decodeForm, decodeUtf8, MAX_TEXT_BODY_BYTES, parseBoundedJson } from "../../protocol/bot-api/strict-input.ts";
import { BODY_READ_TIMEOUT_MS, readBounded } from "../../protocol/bounded-read.ts";
import { RpcError } from "../../protocol/errors.ts";
import { badRequest } from "./errors.ts";
import { parseMultipart } from "./multipart.ts";

/** Telegram accepts up to 50 MB per upload through the Bot API. */
export const MAX_REQUEST_BYTES = 50 * 1024 * 1024;
/** A 50 MB multipart body may take this long to arrive (~420 KB/s at the cap); slower ones get 408. */
export const UPLOAD_READ_TIMEOUT_MS = 120_000;

export interface BotRequest {
  params: Record<string, unknown>;
  files: Map<string, File>;
}

export async function readParams(req: Request): Promise<BotRequest> {
  const url = new URL(req.url);
  const params: Record<string, unknown> = Object.fromEntries(decodeForm(url.search));
  const files = new Map<string, File>();
  if (req.method === "GET" || req.method === "HEAD" || !req.body) return { params, files };
  const type = (req.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const textual = type === "application/json" || type === "application/x-www-form-urlencoded";
  if (!textual && type !== "multipart/form-data") {
    // Unknown or missing type: Telegram ignores the body; we do too, but empty bodies are common.
    await req.body.cancel();
    return { params, files };
  }
  // Read through a cap whatever Content-Length says (chunked bodies too): a body over it is refused
  // as soon as it passes it, a slow one when its time is up.
  const read = await readBounded(
    req.body,
    textual ? MAX_TEXT_BODY_BYTES : MAX_REQUEST_BYTES,
    textual ? BODY_READ_TIMEOUT_MS : UPLOAD_READ_TIMEOUT_MS,
    req.headers.get("content-length"),
  );
  if (!read.ok && read.reason === "timeout") throw new RpcError(408, "REQUEST_TIMEOUT");
  if (!read.ok) throw textual ? badRequest("request is too big") : new RpcError(413, "REQUEST_TOO_LARGE");
  const bytes = read.bytes;
  if (textual) {
    const text = decodeUtf8(bytes);
    if (type === "application/x-www-form-urlencoded") {
      for (const [key, value] of decodeForm(text)) params[key] = value;
      return { params, files };
    }
    if (text.trim() === "") return { params, files };
    const body = parseBoundedJson(text, MAX_TEXT_BODY_BYTES, "can't parse request JSON object");
    // A Go framework posts `null` to methods without parameters; Telegram reads it as none.
    if (body === null) return { params, files };
    if (typeof body !== "object" || Array.isArray(body)) throw badRequest("request JSON must be an object");
    return { params: { ...params, ...(body as Record<string, unknown>) }, files };
  }
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(req.headers.get("content-type") ?? "");
  const parts = parseMultipart(bytes, boundary?.[1] ?? boundary?.[2] ?? "");
  if (!parts) throw badRequest("can't parse request form data");
  for (const part of parts) {
    if (part.filename === undefined) {
      const text = decodeUtf8(part.data);
      // node-telegram-bot-api sends an empty field next to a file part of the same name: the file wins.
      if (text !== "" || !parts.some((p) => p.name === part.name && p.filename !== undefined)) params[part.name] = text;
    } else files.set(part.name, new File([part.data], part.filename, { type: part.type ?? "" }));
  }
  // An InputFile sent directly in the field reads like `attach://<field>`; an empty value (even
  // from the query string) does not hide it.
  for (const name of files.keys())
    if (params[name] === undefined || params[name] === "") params[name] = `attach://${name}`;
  return { params, files };
}
