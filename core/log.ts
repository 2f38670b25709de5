/**
 * The one way infrastructure failures are reported: what failed and its cause, on console.error
 * (Workers Logs). Expected refusals (RpcError values) are not logged here; they are answers.
 */
import { toRpcError } from "../protocol/errors.ts";

/** Logs a failure of another object, a fetch or storage; `what` names the operation, never a secret. */
export function logFailure(what: string, cause: unknown): void {
  const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  console.error(`${what} failed: ${reason}`);
}

/** For calls whose refusal the caller means to ignore (left the chat, no rights): logs only what is not a refusal. */
export function logUnlessRefusal(what: string, cause: unknown): void {
  // A refusal keeps its `400 TEXT` message across an object boundary; anything else maps to 500.
  if (toRpcError(cause).code >= 500) logFailure(what, cause);
}
