/** contacts.*: the address book and the block list. */
import * as v from "valibot";
import { FirstName, LastName, User } from "../model/user.ts";
import { method } from "./define.ts";

const UserId = v.pipe(v.number(), v.integer("USER_ID_INVALID"), v.minValue(1, "USER_ID_INVALID"));

export const contactsMethods = {
  "contacts.addContact": method({
    params: v.object({ id: UserId, first_name: v.optional(FirstName), last_name: v.optional(LastName) }),
    result: v.object({ user: User }),
    auth: true,
    errors: ["400 CONTACT_ID_INVALID", "400 USER_ID_INVALID"],
  }),
  "contacts.deleteContacts": method({
    params: v.object({ id: v.pipe(v.array(UserId), v.maxLength(100)) }),
    result: v.literal(true),
    auth: true,
  }),
  /**
   * Adds people to the address book by phone number (as a phone's contacts are uploaded): each number
   * that belongs to an account becomes a contact under the given name; `imported` says which of the
   * caller's `client_id`s matched whom. At most 100 a call; numbers without an account are ignored.
   */
  "contacts.importContacts": method({
    params: v.object({
      contacts: v.pipe(
        v.array(
          v.object({
            client_id: v.pipe(v.string(), v.maxLength(24)),
            phone: v.pipe(v.string(), v.maxLength(32, "PHONE_NUMBER_INVALID")),
            first_name: v.optional(FirstName),
            last_name: v.optional(LastName),
          }),
        ),
        v.maxLength(100, "CONTACTS_TOO_MANY"),
      ),
    }),
    result: v.object({
      imported: v.array(v.object({ client_id: v.string(), user_id: v.number() })),
      users: v.array(User),
    }),
    auth: true,
  }),
  "contacts.getContacts": method({ params: v.object({}), result: v.object({ users: v.array(User) }), auth: true }),
  /** A blocked user cannot write to the caller in private (their sends fail with USER_IS_BLOCKED). */
  "contacts.block": method({
    params: v.object({ id: UserId }),
    result: v.literal(true),
    auth: true,
    errors: ["400 USER_ID_INVALID"],
  }),
  "contacts.unblock": method({
    params: v.object({ id: UserId }),
    result: v.literal(true),
    auth: true,
    errors: ["400 USER_ID_INVALID"],
  }),
  "contacts.getBlocked": method({ params: v.object({}), result: v.object({ users: v.array(User) }), auth: true }),
};
