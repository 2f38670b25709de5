/** contacts.*: the address book and blocking (which also closes the private chat to the blocked user). */

import { Errors } from "../../protocol/errors.ts";
import { chatKeyOf } from "../chat/keys.ts";
import { chatObjectOf, directoryOf, userObjectOf } from "../objects.ts";
import { type HandlerTable, type RpcContext, userIdOf } from "./context.ts";
import { usersFor } from "./users.ts";

async function existingUser(ctx: RpcContext, id: number): Promise<void> {
  if (!(await directoryOf(ctx.env).exists(id))) throw Errors.badRequest("USER_ID_INVALID");
}

async function setBlocked(ctx: RpcContext, id: number, blocked: boolean): Promise<true> {
  const uid = userIdOf(ctx);
  if (id === uid) throw Errors.badRequest("USER_ID_INVALID");
  await existingUser(ctx, id);
  const key = chatKeyOf(uid, { _: "user", id });
  await chatObjectOf(ctx.env, key).setBlocked(key, uid, blocked);
  await userObjectOf(ctx.env, uid).setBlocked(id, blocked);
  return true;
}

export const contactsHandlers: HandlerTable<
  | "contacts.addContact"
  | "contacts.importContacts"
  | "contacts.deleteContacts"
  | "contacts.getContacts"
  | "contacts.block"
  | "contacts.unblock"
  | "contacts.getBlocked"
> = {
  async "contacts.addContact"(ctx, p) {
    const uid = userIdOf(ctx);
    if (p.id === uid) throw Errors.badRequest("CONTACT_ID_INVALID");
    await existingUser(ctx, p.id);
    await userObjectOf(ctx.env, uid).addContact(p.id, p.first_name, p.last_name);
    const [user] = await usersFor(ctx.env, uid, [p.id]);
    if (!user) throw Errors.badRequest("USER_ID_INVALID");
    return { user: { ...user, contact: true } };
  },
  async "contacts.importContacts"(ctx, p) {
    const uid = userIdOf(ctx);
    const directory = directoryOf(ctx.env);
    const user = userObjectOf(ctx.env, uid);
    const imported: { client_id: string; user_id: number }[] = [];
    for (const c of p.contacts) {
      // Numbers are stored as "+digits": spaces, dashes and brackets a phone book keeps are dropped.
      const digits = c.phone.replace(/[^0-9]/g, "");
      if (!digits) continue;
      const id = await directory.userIdByPhone(`+${digits}`);
      if (id === null || id === uid) continue;
      await user.addContact(id, c.first_name, c.last_name);
      imported.push({ client_id: c.client_id, user_id: id });
    }
    const users = await usersFor(ctx.env, uid, [...new Set(imported.map((i) => i.user_id))]);
    return { imported, users: users.map((u) => ({ ...u, contact: true })) };
  },
  async "contacts.deleteContacts"(ctx, p) {
    await userObjectOf(ctx.env, userIdOf(ctx)).deleteContacts(p.id);
    return true as const;
  },
  async "contacts.getContacts"(ctx) {
    const uid = userIdOf(ctx);
    const ids = await userObjectOf(ctx.env, uid).contactIds();
    return { users: (await usersFor(ctx.env, uid, ids)).map((u) => ({ ...u, contact: true })) };
  },
  "contacts.block": (ctx, p) => setBlocked(ctx, p.id, true),
  "contacts.unblock": (ctx, p) => setBlocked(ctx, p.id, false),
  async "contacts.getBlocked"(ctx) {
    const uid = userIdOf(ctx);
    return { users: await usersFor(ctx.env, uid, await userObjectOf(ctx.env, uid).blockedIds()) };
  },
};
