/** contacts handlers (being built). */
import { Errors } from "../../../protocol/errors.ts";
import type { HandlerTable } from "./context.ts";

export const contactsHandlers: HandlerTable<
  | "contacts.addContact"
  | "contacts.deleteContacts"
  | "contacts.getContacts"
  | "contacts.block"
  | "contacts.unblock"
  | "contacts.getBlocked"
> = {
  async "contacts.addContact"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "contacts.deleteContacts"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "contacts.getContacts"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "contacts.block"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "contacts.unblock"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "contacts.getBlocked"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
};
