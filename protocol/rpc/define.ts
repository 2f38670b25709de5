/** How an RPC method is declared: its params and result schemas, and whether it needs a signed-in user. */
import type * as v from "valibot";

export interface MethodSpec<P extends v.GenericSchema = v.GenericSchema, R extends v.GenericSchema = v.GenericSchema> {
  params: P;
  result: R;
  /** false for the few methods callable before sign-in (help.*, auth.sendCode …). */
  auth: boolean;
  /** "in": the request carries raw bytes as the frame blob; "out": the result does. */
  blob?: "in" | "out";
}

export function method<P extends v.GenericSchema, R extends v.GenericSchema>(spec: MethodSpec<P, R>) {
  return spec;
}
