/**
 * Reads a Bot API request's parameters the four ways bots send them: query
 * string, JSON, urlencoded and multipart (uploaded files are kept aside by
 * field name, for `attach://<name>` and InputFile fields).
 */

import { decodeForm, decodeUtf8, MAX_TEXT_BODY_BYTES, parseBoundedJson } from "../../protocol/bot-api/strict-input.ts";
import { badRequest } from "./errors.ts";
import { parseMultipart } from "./multipart.ts";

/** Telegram accepts up to 50 MB per upload through the Bot API. */
export const MAX_REQUEST_BYTES = 50 * 1024 * 1024;

export interface BotRequest {
  params: Record<string, unknown>;
  files: Map<string, File>;
}

export async function readParams(req: Request): Promise<BotRequest> {
  const url = new URL(req.url);
  const params: Record<string, unknown> = Object.fromEntries(decodeForm(url.search));
  const files = new Map<string, File>();
  if (req.method === "GET" || req.method === "HEAD" || !req.body) return { params, files };
  const length = Number(req.headers.get("content-length") ?? "0");
  const type = (req.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const textual = type === "application/json" || type === "application/x-www-form-urlencoded";
  if (length > (textual ? MAX_TEXT_BODY_BYTES : MAX_REQUEST_BYTES)) {
    await req.body.cancel();
    throw badRequest("request is too big");
  }
  if (textual) {
    const bytes = new Uint8Array(await req.arrayBuffer());
    if (bytes.length > MAX_TEXT_BODY_BYTES) throw badRequest("request is too big");
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
  if (type === "multipart/form-data") {
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(req.headers.get("content-type") ?? "");
    const parts = parseMultipart(new Uint8Array(await req.arrayBuffer()), boundary?.[1] ?? boundary?.[2] ?? "");
    if (!parts) throw badRequest("can't parse request form data");
    for (const part of parts) {
      if (part.filename === undefined) {
        const text = decodeUtf8(part.data);
        // node-telegram-bot-api sends an empty field next to a file part of the same name: the file wins.
        if (text !== "" || !parts.some((p) => p.name === part.name && p.filename !== undefined))
          params[part.name] = text;
      } else files.set(part.name, new File([part.data], part.filename, { type: part.type ?? "" }));
    }
    // An InputFile sent directly in the field reads like `attach://<field>`; an empty value (even
    // from the query string) does not hide it.
    for (const name of files.keys())
      if (params[name] === undefined || params[name] === "") params[name] = `attach://${name}`;
    return { params, files };
  }
  // Unknown or missing type: Telegram ignores the body; we do too, but empty bodies are common.
  await req.body.cancel();
  return { params, files };
}
