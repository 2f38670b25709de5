/**
 * Building blocks for Bot API parameter schemas. Bots send parameters as
 * JSON, or as strings (query, urlencoded, multipart) where numbers, booleans
 * and JSON-serialized objects (reply_markup, entities …) arrive as text;
 * these schemas accept both, as Telegram does.
 */
import * as v from "valibot";
import { RpcError } from "../errors.ts";
import { checkStrings, MAX_JSON_FIELD_CHARS, parseBoundedJson } from "./strict-input.ts";

/** An integer, given as a number or a decimal string. */
export const int = (what: string) =>
  v.pipe(
    v.union(
      [v.pipe(v.number(), v.integer()), v.pipe(v.string(), v.regex(/^\s*-?\d{1,16}\s*$/), v.transform(Number))],
      `${what} must be an Integer`,
    ),
    v.transform((n) => Number(n)),
  );

export const bool = () =>
  v.pipe(
    v.union([v.boolean(), v.pipe(v.picklist(["true", "false", "1", "0", "True", "False"]))], "must be a Boolean"),
    v.transform((b) => b === true || b === "true" || b === "True" || b === "1"),
  );

/** Text; numbers are accepted and turned into text, as Telegram does. */
export const str = () =>
  v.pipe(
    v.union([v.string(), v.number()], "must be a String"),
    v.transform((s) => String(s)),
  );

/** A JSON-serialized object: either the object itself (JSON bodies) or its text (form fields). */
export function json<S extends v.GenericSchema>(schema: S, what: string) {
  return v.pipe(
    v.unknown(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      if (typeof dataset.value !== "string") return dataset.value;
      try {
        const parsed = parseBoundedJson(dataset.value, MAX_JSON_FIELD_CHARS, `can't parse ${what} JSON object`);
        checkStrings(parsed); // "\ud800" escapes make lone surrogates only now
        return parsed;
      } catch (e) {
        addIssue({ message: e instanceof RpcError ? e.text : `can't parse ${what} JSON object` });
        return NEVER;
      }
    }),
    schema,
  );
}

/** chat_id: an integer id or "@username". */
export const ChatId = v.union(
  [
    v.pipe(v.number(), v.integer()),
    v.pipe(v.string(), v.regex(/^\s*-?\d{1,16}\s*$/), v.transform(Number)),
    v.pipe(v.string(), v.regex(/^@[A-Za-z][A-Za-z0-9_]{3,31}$/)),
  ],
  "chat not found",
);
export type ChatId = number | string;

/** Describes the first schema issue in Bot API words: `Bad Request: <field> …`. */
export function describeIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  if (!issue) return "invalid parameters";
  const path = issue.path?.map((p) => String(p.key)).join(".") ?? "";
  const msg = issue.message;
  if (issue.kind === "schema" && issue.received === "undefined" && path && !/^[a-z]/.test(msg))
    return `parameter "${path}" is required`;
  if (/^[a-z]/.test(msg) && !msg.startsWith("Invalid")) {
    // Messages already phrased for bots ("message text is empty", "chat not found").
    if (msg.startsWith("must")) return `field "${path}" ${msg}`;
    return msg;
  }
  if (issue.received === "undefined" && path) return `parameter "${path}" is required`;
  return path ? `field "${path}" has wrong type: ${msg}` : msg;
}
