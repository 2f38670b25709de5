/**
 * The one way infrastructure failures are reported: what failed and its cause, on console.error
 * (Workers Logs). Expected refusals (RpcError values) are not logged here; they are answers.
 */

/** Logs a failure of another object, a fetch or storage; `what` names the operation, never a secret. */
export function logFailure(what: string, cause: unknown): void {
  const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  console.error(`${what} failed: ${reason}`);
}
