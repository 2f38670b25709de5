/**
 * What Telegram clients ask for on start and in settings, where Edgegram has no such feature: each answer
 * says what is true here (no folders, no installed sticker sets, everyone may see everything), never an
 * error a client would retry or stop on.
 */
import type { MtAdapterTable } from "./context.ts";

export const clientDefaultsAdapters: MtAdapterTable<
  "help.getAppConfig" | "messages.getDialogFilters" | "messages.getAllStickers" | "account.getPrivacy"
> = {
  /** No server-side client options. (Layer 144 answers the bare JSON: layers/compat.ts unwraps it.) */
  async "help.getAppConfig"() {
    return { _: "help.appConfig", hash: 0, config: { _: "jsonObject", value: [] } };
  },
  /** Edgegram has no chat folders. */
  async "messages.getDialogFilters"() {
    return { _: "messages.dialogFilters", filters: [] };
  },
  /** Sticker sets exist (made by bots), but users install none: the list is empty. */
  async "messages.getAllStickers"() {
    return { _: "messages.allStickers", hash: 0n, sets: [] };
  },
  /** There are no privacy settings: last seen, photo, phone lookup and invites are open to everyone. */
  async "account.getPrivacy"() {
    return { _: "account.privacyRules", rules: [{ _: "privacyValueAllowAll" }], chats: [], users: [] };
  },
};
