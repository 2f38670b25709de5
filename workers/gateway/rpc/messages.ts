/** messages handlers (being built). */
import { Errors } from "../../../protocol/errors.ts";
import type { HandlerTable } from "./context.ts";

export const messagesHandlers: HandlerTable<
  | "messages.sendMessage"
  | "messages.sendMedia"
  | "messages.editMessage"
  | "messages.deleteMessages"
  | "messages.forwardMessages"
  | "messages.sendReaction"
  | "messages.updatePinnedMessage"
  | "messages.readHistory"
  | "messages.setTyping"
  | "messages.getHistory"
  | "messages.getMessages"
  | "messages.search"
  | "messages.getDialogs"
> = {
  async "messages.sendMessage"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "messages.sendMedia"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "messages.editMessage"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "messages.deleteMessages"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "messages.forwardMessages"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "messages.sendReaction"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "messages.updatePinnedMessage"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "messages.readHistory"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "messages.setTyping"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "messages.getHistory"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "messages.getMessages"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "messages.search"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "messages.getDialogs"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
};
