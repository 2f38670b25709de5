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
