/**
 * The network failed: the server could not be reached (DNS, refused TCP,
 * socket error), the connection closed under a call, or an answer did not
 * come in time. Apart from RpcError, which is what the server said: a caller
 * retries a NetworkError, and reads an RpcError.
 */

export type NetworkFailure =
  /** DNS, refused or reset TCP, TLS, a socket error before the connection was up. */
  | "UNREACHABLE"
  /** The connection closed before the handshake finished, without a word from the server. */
  | "CLOSED"
  /** No answer in time. */
  | "TIMEOUT"
  /** A call made while disconnected, with reconnecting turned off. */
  | "NOT_CONNECTED";

export class NetworkError extends Error {
  readonly reason: NetworkFailure;

  constructor(reason: NetworkFailure, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${reason}: ${detail}` : reason, options);
    this.name = "NetworkError";
    this.reason = reason;
  }

  static is(e: unknown): e is NetworkError {
    return e instanceof NetworkError;
  }
}
