/** auth.*: sign-in by phone and one-time code, sign-up, 2FA password, log out. */
import * as v from "valibot";
import { FirstName, LastName, Phone, User } from "../model/user.ts";
import { FLOOD_WAIT, method } from "./define.ts";

const CodeHash = v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/, "PHONE_CODE_HASH_EMPTY"));
const Code = v.pipe(v.string(), v.regex(/^[0-9]{6}$/, "PHONE_CODE_INVALID"));

export const Authorization = v.variant("_", [
  v.object({ _: v.literal("auth.authorization"), user: User }),
  v.object({ _: v.literal("auth.authorizationSignUpRequired") }),
]);
export type AuthorizationResult = v.InferOutput<typeof Authorization>;

/** How long a sign-in code stays valid; auth.sendCode reports it as `timeout` (in seconds). */
export const CODE_TTL_MS = 5 * 60_000;

export const SentCode = v.object({
  phone_code_hash: v.string(),
  /** How the code was delivered: "dev" when the local server logs it. */
  type: v.picklist(["app", "sms", "dev"]),
  /** Seconds until the code expires. */
  timeout: v.number(),
});

export const authMethods = {
  "auth.sendCode": method({
    params: v.object({ phone_number: Phone }),
    result: SentCode,
    auth: false,
    errors: [FLOOD_WAIT, "500 PHONE_CODE_DELIVERY_UNAVAILABLE"],
  }),
  "auth.signIn": method({
    params: v.object({ phone_number: Phone, phone_code_hash: CodeHash, phone_code: Code }),
    result: Authorization,
    auth: false,
    errors: [
      "400 USER_ALREADY_AUTHORIZED",
      "400 PHONE_CODE_EXPIRED",
      "400 PHONE_CODE_INVALID",
      "401 SESSION_PASSWORD_NEEDED",
      FLOOD_WAIT,
    ],
  }),
  "auth.signUp": method({
    params: v.object({
      phone_number: Phone,
      phone_code_hash: CodeHash,
      first_name: FirstName,
      last_name: v.optional(LastName),
    }),
    result: Authorization,
    auth: false,
    errors: [
      "400 USER_ALREADY_AUTHORIZED",
      "400 PHONE_CODE_EXPIRED",
      "400 PHONE_CODE_INVALID",
      "400 PHONE_NUMBER_OCCUPIED",
    ],
  }),
  "auth.checkPassword": method({
    params: v.object({ password: v.pipe(v.string(), v.minLength(1, "PASSWORD_HASH_INVALID"), v.maxLength(256)) }),
    result: Authorization,
    auth: false,
    errors: ["400 PASSWORD_NOT_REQUESTED", "400 PASSWORD_HASH_INVALID", "400 PHONE_CODE_EXPIRED", FLOOD_WAIT],
  }),
  "auth.logOut": method({ params: v.object({}), result: v.literal(true), auth: true }),
  /**
   * The password step as SRP, for MTProto clients (account.getPassword after SESSION_PASSWORD_NEEDED):
   * the salts and a one-time challenge (hex), for a device that passed its code. Accounts whose password
   * was set before SRP existed have no verifier: 400 SRP_PASSWORD_CHANGED (set it again).
   */
  "auth.getPasswordSrp": method({
    params: v.object({}),
    result: v.object({ salt1: v.string(), salt2: v.string(), srp_b: v.string(), srp_id: v.string() }),
    auth: false,
    errors: ["400 PASSWORD_NOT_REQUESTED", "400 PHONE_CODE_EXPIRED", "400 SRP_PASSWORD_CHANGED"],
  }),
  /** The SRP proof (A and M1, hex) for the challenge auth.getPasswordSrp gave. */
  "auth.checkPasswordSrp": method({
    params: v.object({
      srp_id: v.pipe(v.string(), v.maxLength(24)),
      a: v.pipe(v.string(), v.regex(/^([0-9a-f]{2}){1,256}$/, "SRP_A_INVALID")),
      m1: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, "PASSWORD_HASH_INVALID")),
    }),
    result: Authorization,
    auth: false,
    errors: ["400 PASSWORD_NOT_REQUESTED", "400 PASSWORD_HASH_INVALID", "400 PHONE_CODE_EXPIRED", FLOOD_WAIT],
  }),
  /** Signs the device in as a bot, with the token BotFather gave (as Telegram bots do over MTProto). */
  "auth.importBotAuthorization": method({
    params: v.object({ bot_auth_token: v.pipe(v.string(), v.maxLength(128, "ACCESS_TOKEN_INVALID")) }),
    result: Authorization,
    auth: false,
    errors: ["400 USER_ALREADY_AUTHORIZED", "400 ACCESS_TOKEN_INVALID", FLOOD_WAIT],
  }),
};
