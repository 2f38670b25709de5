/**
 * The one error type of the API: a numeric code plus an UPPER_SNAKE message,
 * as Telegram answers (`400 MESSAGE_EMPTY`, `420 FLOOD_WAIT_30`). Handlers
 * throw it; the transport encodes it; the SDK rethrows it.
 */

export class RpcError extends Error {
  readonly code: number;
  readonly text: string;

  constructor(code: number, text: string) {
    super(`${code} ${text}`);
    this.name = "RpcError";
    this.code = code;
    this.text = text;
  }

  /** Seconds to wait for a FLOOD_WAIT_<s> error, otherwise undefined. */
  get waitSeconds(): number | undefined {
    const m = /^FLOOD_WAIT_(\d+)$/.exec(this.text);
    return m ? Number(m[1]) : undefined;
  }

  toJSON(): { code: number; message: string } {
    return { code: this.code, message: this.text };
  }

  static is(e: unknown): e is RpcError {
    return e instanceof RpcError;
  }
}

/** Errors built in one place so their wording stays Telegram's. */
export const Errors = {
  badRequest: (text: string) => new RpcError(400, text),
  unauthorized: (text = "AUTH_KEY_UNREGISTERED") => new RpcError(401, text),
  forbidden: (text: string) => new RpcError(403, text),
  notFound: (text: string) => new RpcError(404, text),
  conflict: (text: string) => new RpcError(409, text),
  floodWait: (seconds: number) => new RpcError(420, `FLOOD_WAIT_${Math.max(1, Math.ceil(seconds))}`),
  internal: (text = "INTERNAL") => new RpcError(500, text),
  methodInvalid: () => new RpcError(400, "METHOD_INVALID"),
  inputInvalid: (field?: string) =>
    new RpcError(400, field ? `${field.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_INVALID` : "INPUT_INVALID"),
};

/** Turns anything thrown into a wire-safe error; internal failures never leak their text. */
export function toRpcError(e: unknown): RpcError {
  if (e instanceof RpcError) return e;
  // Errors crossing a DO/service-binding RPC boundary lose their class but keep the message.
  if (e instanceof Error) {
    const m = /^(\d{3}) ([A-Z0-9_]+)$/.exec(e.message);
    if (m) return new RpcError(Number(m[1]), m[2] as string);
  }
  return Errors.internal();
}
