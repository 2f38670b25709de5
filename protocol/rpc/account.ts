/** account.*: profile, username, 2FA password and the list of signed-in devices. */
import * as v from "valibot";
import { Authorization, FirstName, LastName, User } from "../model/user.ts";
import { method } from "./define.ts";

const Password = v.pipe(v.string(), v.minLength(1, "NEW_PASSWORD_BAD"), v.maxLength(256, "NEW_PASSWORD_BAD"));

export const accountMethods = {
  "account.getPassword": method({
    params: v.object({}),
    result: v.object({ has_password: v.boolean(), hint: v.optional(v.string()) }),
    auth: true,
  }),
  "account.updatePasswordSettings": method({
    params: v.object({
      /** Required when a password is already set. */
      current_password: v.optional(v.string()),
      /** The new password; null removes 2FA. */
      new_password: v.nullable(Password),
      hint: v.optional(v.pipe(v.string(), v.maxLength(128))),
    }),
    result: v.literal(true),
    auth: true,
    errors: ["400 PASSWORD_HASH_INVALID"],
  }),
  "account.getAuthorizations": method({
    params: v.object({}),
    result: v.object({ authorizations: v.array(Authorization) }),
    auth: true,
  }),
  "account.resetAuthorization": method({
    params: v.object({ hash: v.pipe(v.string(), v.regex(/^[0-9a-f]{16}$/, "HASH_INVALID")) }),
    result: v.literal(true),
    auth: true,
    errors: ["400 HASH_INVALID"],
  }),
  "account.updateProfile": method({
    params: v.object({
      first_name: v.optional(FirstName),
      last_name: v.optional(LastName),
      about: v.optional(v.pipe(v.string(), v.maxLength(140, "ABOUT_TOO_LONG"))),
    }),
    result: User,
    auth: true,
  }),
  "account.updateUsername": method({
    /** An empty string removes the username. */
    params: v.object({
      username: v.union([
        v.literal(""),
        v.pipe(v.string(), v.regex(/^[a-zA-Z][a-zA-Z0-9_]{4,31}$/, "USERNAME_INVALID")),
      ]),
    }),
    result: User,
    auth: true,
    errors: ["400 USERNAME_OCCUPIED"],
  }),
};
