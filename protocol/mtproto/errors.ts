/**
 * The MTProto front end's failures, in the families MTProto itself answers with: transport codes
 * (-404/-429/-444, sent as a 4-byte frame), framing faults (the connection closes), envelope faults
 * (the packet is dropped and logged, never explained), session faults (bad_msg_notification codes) and
 * handshake faults. RPC errors are protocol/errors.ts `RpcError`, sent as rpc_error.
 */

/** A transport error as MTProto sends it: a negative int32 framed alone in the connection's codec. */
export class TransportError extends Error {
  readonly code: TransportErrorCode;
  constructor(code: TransportErrorCode, detail?: string) {
    super(`transport error ${code}${detail ? `: ${detail}` : ""}`);
    this.name = "TransportError";
    this.code = code;
  }
}

/** -404: unknown auth key (or a packet the server cannot accept); -429: too many connections; -444: wrong DC. */
export type TransportErrorCode = -404 | -429 | -444;

export type FrameFault =
  | "FRAME_TOO_LARGE"
  | "FRAME_TOO_SMALL"
  | "FRAME_MISALIGNED"
  | "FRAME_BAD_CRC"
  | "FRAME_BAD_SEQNO"
  | "UNKNOWN_TRANSPORT"
  | "BAD_OBFUSCATION_TAG";

/** The byte stream cannot be split into frames: the connection is closed. */
export class FrameError extends Error {
  readonly fault: FrameFault;
  constructor(fault: FrameFault, detail?: string) {
    super(detail ? `${fault}: ${detail}` : fault);
    this.name = "FrameError";
    this.fault = fault;
  }
}

export type EnvelopeFault =
  | "PACKET_TOO_SHORT"
  | "PACKET_MISALIGNED"
  | "AUTH_KEY_MISMATCH"
  | "BAD_MSG_KEY"
  | "BAD_LENGTH"
  | "BAD_PADDING"
  | "NOT_PLAIN"
  | "BAD_CONTAINER"
  | "BAD_GZIP";

/** A packet that must be dropped (and logged): MTProto never tells the sender why a msg_key was wrong. */
export class EnvelopeError extends Error {
  readonly fault: EnvelopeFault;
  constructor(fault: EnvelopeFault, detail?: string) {
    super(detail ? `${fault}: ${detail}` : fault);
    this.name = "EnvelopeError";
    this.fault = fault;
  }
}

/** bad_msg_notification error codes (core.telegram.org/mtproto/service_messages_about_messages). */
export const BadMsgCode = {
  MSG_ID_TOO_LOW: 16,
  MSG_ID_TOO_HIGH: 17,
  MSG_ID_NOT_MOD4: 18,
  MSG_ID_DUPLICATE_CONTAINER: 19,
  MSG_TOO_OLD: 20,
  SEQNO_TOO_LOW: 32,
  SEQNO_TOO_HIGH: 33,
  SEQNO_NOT_EVEN: 34,
  SEQNO_NOT_ODD: 35,
  BAD_SERVER_SALT: 48,
  BAD_CONTAINER: 64,
} as const;
export type BadMsgCode = (typeof BadMsgCode)[keyof typeof BadMsgCode];

/**
 * A message the server refuses with bad_msg_notification (or bad_server_salt for 48). `retryable`:
 * the client may fix its clock/salt/seqno and resend (16, 17, 32, 33, 48); the rest are client bugs.
 */
export class BadMsgError extends Error {
  readonly code: BadMsgCode;
  readonly badMsgId: bigint;
  readonly badSeqNo: number;
  constructor(code: BadMsgCode, badMsgId: bigint, badSeqNo: number) {
    super(`bad_msg_notification ${code}`);
    this.name = "BadMsgError";
    this.code = code;
    this.badMsgId = badMsgId;
    this.badSeqNo = badSeqNo;
  }
  get retryable(): boolean {
    return this.code === 16 || this.code === 17 || this.code === 32 || this.code === 33 || this.code === 48;
  }
}

export type HandshakeFault =
  | "UNEXPECTED_STEP"
  | "BAD_NONCE"
  | "BAD_SERVER_NONCE"
  | "UNKNOWN_FINGERPRINT"
  | "BAD_RSA_PAYLOAD"
  | "BAD_PQ"
  | "BAD_INNER_DATA"
  | "BAD_DC"
  | "BAD_EXPIRES_IN"
  | "BAD_ENCRYPTED_DATA"
  | "BAD_HASH"
  | "DH_VALUE_OUT_OF_RANGE"
  | "BAD_DH_PRIME";

/**
 * A handshake step refused. The shell answers -404 for UNKNOWN_FINGERPRINT and drops the rest
 * (Telegram closes the connection; a hostile client learns nothing from the reason).
 */
export class HandshakeError extends Error {
  readonly fault: HandshakeFault;
  constructor(fault: HandshakeFault, detail?: string) {
    super(detail ? `${fault}: ${detail}` : fault);
    this.name = "HandshakeError";
    this.fault = fault;
  }
}
