/**
 * The curated part of layer conversion: constructors Telegram renamed, what an older client gets in
 * place of a constructor its layer lacks, and field moves plain name matching cannot see. Everything
 * else converts by constructor and field name (convert.ts).
 */
import type { TlObject } from "../tl/codec.ts";

/** Current (newest-layer) name → the name older layers used. */
export const RENAMED: Readonly<Record<string, string>> = {
  "payments.canPurchaseStore": "payments.canPurchasePremium",
  "messages.getSponsoredMessages": "channels.getSponsoredMessages",
  "messages.viewSponsoredMessage": "channels.viewSponsoredMessage",
  phoneCallDiscardReasonMigrateConferenceCall: "phoneCallDiscardReasonAllowGroupCall",
  webViewResultUrl: "simpleWebViewResultUrl",
};

/** Old name → current name. */
export const RENAMED_BACK: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(RENAMED).map(([current, old]) => [old, current]),
);

/**
 * A constructor the client's layer lacks, in a field that needs a value: the stand-in of that type.
 * (In a vector such an element is left out instead, e.g. an update an old client cannot know.)
 */
export const STAND_IN_BY_TYPE: Readonly<Record<string, string>> = {
  MessageMedia: "messageMediaUnsupported",
  MessageAction: "messageActionEmpty",
  MessageEntity: "messageEntityUnknown",
  Update: "updateConfig",
  UserStatus: "userStatusEmpty",
  ChatPhoto: "chatPhotoEmpty",
  UserProfilePhoto: "userProfilePhotoEmpty",
  Photo: "photoEmpty",
  Document: "documentEmpty",
  WebPage: "webPageEmpty",
  PeerNotifySettings: "peerNotifySettings",
  ReplyMarkup: "replyKeyboardHide",
};

/**
 * Field moves between layers, applied after name matching. `up` turns an incoming object decoded in
 * an old layer into current-layer fields; `down` fills an old layer's fields from a current object.
 */
export interface FieldMove {
  up?: (old: TlObject, current: TlObject) => void;
  down?: (current: TlObject, old: TlObject) => void;
}

/** Before layer 160 a reply was `reply_to_msg_id:int`; later layers send `reply_to:InputReplyTo`. */
const replyToMsgId: FieldMove = {
  up: (old, current) => {
    if (typeof old.replyToMsgId === "number" && current.replyTo === undefined) {
      current.replyTo = { _: "inputReplyToMessage", replyToMsgId: old.replyToMsgId };
    }
  },
  down: (current, old) => {
    const to = current.replyTo as TlObject | undefined;
    if (to?._ === "inputReplyToMessage" && typeof to.replyToMsgId === "number") old.replyToMsgId = to.replyToMsgId;
  },
};

export const FIELD_MOVES: Readonly<Record<string, FieldMove>> = {
  "messages.sendMessage": replyToMsgId,
  "messages.sendMedia": replyToMsgId,
  "messages.sendMultiMedia": replyToMsgId,
};

/**
 * Results an older layer types as one of their fields: `messages.createChat` / `addChatUser` answer
 * `messages.invitedUsers` since layer 160, plain `Updates` before it; `channels.joinChannel` answers
 * `messages.chatInviteJoinResultOk` in the newest layers, plain `Updates` before.
 */
export const RESULT_UNWRAPS: Readonly<Record<string, string>> = {
  "messages.invitedUsers": "updates",
  "messages.chatInviteJoinResultOk": "updates",
  // Layer 144: help.getAppConfig answers the bare JSONValue, messages.getDialogFilters a bare vector.
  "help.appConfig": "config",
  "messages.dialogFilters": "filters",
};
