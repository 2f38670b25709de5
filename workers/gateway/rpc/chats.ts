/** chats handlers (being built). */
import { Errors } from "../../../protocol/errors.ts";
import type { HandlerTable } from "./context.ts";

export const chatsHandlers: HandlerTable<
  | "messages.createChat"
  | "messages.addChatUser"
  | "messages.deleteChatUser"
  | "messages.editChatTitle"
  | "messages.editChatAdmin"
  | "messages.getFullChat"
  | "channels.createChannel"
  | "channels.joinChannel"
  | "channels.leaveChannel"
  | "channels.inviteToChannel"
  | "channels.editAdmin"
  | "channels.editTitle"
> = {
  async "messages.createChat"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "messages.addChatUser"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "messages.deleteChatUser"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "messages.editChatTitle"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "messages.editChatAdmin"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "messages.getFullChat"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "channels.createChannel"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "channels.joinChannel"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "channels.leaveChannel"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "channels.inviteToChannel"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "channels.editAdmin"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "channels.editTitle"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
};
