/** How an RPC method is declared: its params and result schemas, whether it needs a signed-in user, and its errors. */
import type * as v from "valibot";

/** An error as the wire carries it, written `"<code> <MESSAGE>"` (`"403 CHAT_WRITE_FORBIDDEN"`). */
export type DeclaredError = `${400 | 401 | 403 | 404 | 409 | 420 | 500} ${string}`;

export interface MethodSpec<P extends v.GenericSchema = v.GenericSchema, R extends v.GenericSchema = v.GenericSchema> {
  params: P;
  result: R;
  /** false for the few methods callable before sign-in (help.*, auth.sendCode …). */
  auth: boolean;
  /** "in": the request carries raw bytes as the frame blob; "out": the result does. */
  blob?: "in" | "out";
  /**
   * Errors the handler can answer beyond its params schema's own (those, 401 for `auth` methods and
   * METHOD_INVALID/INTERNAL are implied). Listed in docs/rpc.md; test/unit/protocol/rpc-docs.test.ts
   * checks every error the handlers throw is declared here and every one declared is thrown.
   */
  errors?: readonly DeclaredError[];
}

export function method<P extends v.GenericSchema, R extends v.GenericSchema>(spec: MethodSpec<P, R>) {
  return spec;
}
