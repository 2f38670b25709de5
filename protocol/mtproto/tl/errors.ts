/**
 * The TL layer's two failures: bytes that are not a valid object of the schema (TlDecodeError: the
 * caller answers or drops, never crashes) and an object the schema cannot encode (TlEncodeError: a
 * bug on our side, or a field a layer cannot carry).
 */

export type TlDecodeFault =
  | "TRUNCATED"
  | "UNKNOWN_CONSTRUCTOR"
  | "UNEXPECTED_CONSTRUCTOR"
  | "BAD_LENGTH"
  | "BAD_VECTOR"
  | "BAD_BOOL"
  | "TOO_DEEP"
  | "TRAILING_BYTES"
  | "BAD_GZIP";

export class TlDecodeError extends Error {
  readonly fault: TlDecodeFault;
  /** Byte offset in the input where the fault was found. */
  readonly offset: number;
  /** For UNKNOWN_CONSTRUCTOR / UNEXPECTED_CONSTRUCTOR: the id that was read (uint32). */
  readonly constructorId: number | undefined;

  constructor(fault: TlDecodeFault, offset: number, detail?: string, constructorId?: number) {
    super(`${fault} at ${offset}${detail ? `: ${detail}` : ""}`);
    this.name = "TlDecodeError";
    this.fault = fault;
    this.offset = offset;
    this.constructorId = constructorId;
  }
}

export class TlEncodeError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = "TlEncodeError";
  }
}
