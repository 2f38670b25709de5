/** users.* and contacts.* lookups. */
import * as v from "valibot";
import { User, Username } from "../model/user.ts";
import { method } from "./define.ts";

const UserId = v.pipe(v.number(), v.integer("USER_ID_INVALID"), v.minValue(1, "USER_ID_INVALID"));

export const usersMethods = {
  "users.getFullUser": method({
    params: v.object({ id: UserId }),
    result: v.object({
      user: User,
      about: v.optional(v.string()),
      /** A bot's description and short description (its default language), as its owner set them. */
      bot_info: v.optional(v.object({ description: v.string(), short_description: v.string() })),
    }),
    auth: true,
    errors: ["400 USER_ID_INVALID"],
  }),
  "users.getUsers": method({
    params: v.object({ ids: v.pipe(v.array(UserId), v.maxLength(200)) }),
    result: v.array(User),
    auth: true,
  }),
  "contacts.resolveUsername": method({
    params: v.object({ username: Username }),
    result: v.object({ user: User }),
    auth: true,
    errors: ["400 USERNAME_NOT_OCCUPIED"],
  }),
  "contacts.search": method({
    params: v.object({
      q: v.pipe(v.string(), v.trim(), v.minLength(1, "SEARCH_QUERY_EMPTY"), v.maxLength(64)),
      limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)), 20),
    }),
    result: v.object({ users: v.array(User) }),
    auth: true,
  }),
};
