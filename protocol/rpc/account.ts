/** account.*: profile, username, 2FA password and the list of signed-in devices. */
import * as v from "valibot";
import { Authorization, FirstName, LastName, User } from "../model/user.ts";
import { FLOOD_WAIT, method } from "./define.ts";

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
  /**
   * The SRP form of the password settings, for MTProto clients (account.getPassword and
   * account.updatePasswordSettings there): the salts and a one-time challenge (hex) for this signed-in
   * device, to prove the current password with. 400 PASSWORD_EMPTY when none is set; 400
   * SRP_PASSWORD_CHANGED when it was set before SRP existed (set it again).
   */
  "account.getPasswordSrp": method({
    params: v.object({}),
    result: v.object({ salt1: v.string(), salt2: v.string(), srp_b: v.string(), srp_id: v.string() }),
    auth: true,
    errors: ["400 PASSWORD_EMPTY", "400 SRP_PASSWORD_CHANGED"],
  }),
  /**
   * Sets, changes or removes the password by its SRP verifier (the client never sends the password):
   * `current` proves the password set now (from account.getPasswordSrp), `new_v` = g^x mod p for the new
   * one with x from `new_salt1`/`new_salt2` as Telegram's clients compute it, or null to remove it. The
   * Edgegram protocol's plaintext check accepts a password set this way.
   */
  "account.updatePasswordSrp": method({
    params: v.object({
      current: v.optional(
        v.object({
          srp_id: v.pipe(v.string(), v.maxLength(24)),
          a: v.pipe(v.string(), v.regex(/^([0-9a-f]{2}){1,256}$/, "SRP_A_INVALID")),
          m1: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, "PASSWORD_HASH_INVALID")),
        }),
      ),
      new_salt1: v.optional(v.pipe(v.string(), v.regex(/^([0-9a-f]{2}){8,128}$/, "NEW_SALT_INVALID"))),
      new_salt2: v.optional(v.pipe(v.string(), v.regex(/^([0-9a-f]{2}){8,128}$/, "NEW_SALT_INVALID"))),
      new_v: v.nullable(v.pipe(v.string(), v.regex(/^[0-9a-f]{512}$/, "NEW_SETTINGS_INVALID"))),
      hint: v.optional(v.pipe(v.string(), v.maxLength(128))),
    }),
    result: v.literal(true),
    auth: true,
    errors: ["400 PASSWORD_HASH_INVALID", "400 NEW_SALT_INVALID", "400 NEW_SETTINGS_INVALID", FLOOD_WAIT],
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
