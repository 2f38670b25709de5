/** updates handlers (being built). */
import { Errors } from "../../../protocol/errors.ts";
import type { HandlerTable } from "./context.ts";

export const updatesHandlers: HandlerTable<
  "updates.getState" | "updates.getDifference" | "updates.getChannelDifference" | "account.updateStatus"
> = {
  async "updates.getState"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "updates.getDifference"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "updates.getChannelDifference"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
  async "account.updateStatus"() {
    throw Errors.internal("NOT_IMPLEMENTED");
  },
};
