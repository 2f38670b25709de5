/**
 * Webhook rules and delivery: which URLs a bot may register (HTTPS, or plain
 * HTTP to localhost in local development only; never loopback, private or
 * metadata addresses outside it), how one update is POSTed
 * (with the secret_token header) and how long to back off after a failure.
 */
import { Errors } from "../protocol/errors.ts";
import { refusedUrl } from "./outbound-url.ts";

export const WEBHOOK_TIMEOUT_MS = 30_000;
const MAX_BACKOFF_MS = 60_000;
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Validates a webhook URL; throws the Bot API's wording (mapped in the bot-api worker). */
export function checkWebhookUrl(raw: string, devMode: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw Errors.badRequest("WEBHOOK_URL_INVALID");
  }
  if (devMode) {
    if (url.protocol === "https:") return url.toString();
    if (url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname)) return url.toString();
    throw Errors.badRequest("WEBHOOK_HTTPS_REQUIRED");
  }
  if (url.protocol !== "https:") throw Errors.badRequest("WEBHOOK_HTTPS_REQUIRED");
  // Never the server's own loopback, a private network or a metadata service.
  if (refusedUrl(raw) !== null) throw Errors.badRequest("WEBHOOK_ADDRESS_RESERVED");
  return url.toString();
}

/** 1 s, 2 s, 4 s … capped at a minute, after the n-th consecutive failure (n ≥ 1). */
export function backoffMs(failures: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, failures - 1));
}

export interface Delivery {
  /** null when the webhook answered 2xx; otherwise the error Telegram would report. */
  error: string | null;
  /** A method call the webhook returned in its response body (Telegram's "webhook reply"). */
  reply?: { method: string; params: Record<string, unknown> };
}

/** POSTs one update; a 2xx answer may carry one Bot API call as JSON `{ method, ... }`. */
export async function postUpdate(url: string, secretToken: string | null, update: unknown): Promise<Delivery> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (secretToken) headers["X-Telegram-Bot-Api-Secret-Token"] = secretToken;
  try {
    const res = await fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify(update),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      // A redirect would lead past checkWebhookUrl; Telegram does not follow them either (a 3xx is a failure).
      redirect: "manual",
    });
    if (!res.ok) {
      await res.body?.cancel();
      return { error: `Wrong response from the webhook: ${res.status} ${res.statusText}`.trim() };
    }
    return { error: null, ...webhookReply(await res.text()) };
  } catch (e) {
    return { error: e instanceof Error && e.name === "TimeoutError" ? "Read timeout expired" : "Connection refused" };
  }
}

function webhookReply(body: string): Pick<Delivery, "reply"> {
  if (!body.startsWith("{")) return {};
  try {
    const { method, ...params } = JSON.parse(body) as Record<string, unknown>;
    return typeof method === "string" ? { reply: { method, params } } : {};
  } catch {
    return {};
  }
}
