/**
 * The ONE place internal errors become Bot API errors: an RpcError's
 * UPPER_SNAKE text turns into Telegram's wording (`Bad Request: chat not
 * found`), FLOOD_WAIT_N into 429 with `retry_after`.
 */
import { RpcError, toRpcError } from "../../protocol/errors.ts";

export interface BotApiError {
  ok: false;
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** Internal error texts and the Bot API descriptions Telegram gives for the same failures. */
const DESCRIPTIONS: Record<string, string> = {
  // bodies over their cap or too slow to arrive (request.ts)
  REQUEST_TOO_LARGE: "Request Entity Too Large",
  REQUEST_TIMEOUT: "Request Timeout",
  // access and peers
  PEER_ID_INVALID: "Bad Request: chat not found",
  CHAT_ID_INVALID: "Bad Request: chat not found",
  CHANNEL_INVALID: "Bad Request: chat not found",
  CHANNEL_PRIVATE: "Bad Request: chat not found",
  CHAT_NOT_FOUND: "Bad Request: chat not found",
  USER_ID_INVALID: "Bad Request: user not found",
  USERNAME_NOT_OCCUPIED: "Bad Request: chat not found",
  USERNAME_INVALID: "Bad Request: chat not found",
  USER_NOT_PARTICIPANT: "Bad Request: user not found",
  CHAT_WRITE_FORBIDDEN: "Forbidden: bot is not a member of the group chat",
  CHAT_ADMIN_REQUIRED: "Bad Request: not enough rights",
  CHAT_SEND_PLAIN_FORBIDDEN: "Bad Request: not enough rights to send text messages to the chat",
  CHAT_SEND_MEDIA_FORBIDDEN: "Bad Request: not enough rights to send media messages to the chat",
  CHAT_SEND_PHOTOS_FORBIDDEN: "Bad Request: not enough rights to send photos to the chat",
  CHAT_SEND_VIDEOS_FORBIDDEN: "Bad Request: not enough rights to send videos to the chat",
  CHAT_SEND_AUDIOS_FORBIDDEN: "Bad Request: not enough rights to send music to the chat",
  CHAT_SEND_VOICES_FORBIDDEN: "Bad Request: not enough rights to send voice notes to the chat",
  CHAT_SEND_DOCS_FORBIDDEN: "Bad Request: not enough rights to send documents to the chat",
  CHAT_SEND_STICKERS_FORBIDDEN: "Bad Request: not enough rights to send stickers to the chat",
  CHAT_SEND_GIFS_FORBIDDEN: "Bad Request: not enough rights to send animations to the chat",
  CHAT_SEND_POLL_FORBIDDEN: "Bad Request: not enough rights to send polls to the chat",
  USER_ADMIN_INVALID: "Bad Request: user is an administrator of the chat",
  USER_IS_BLOCKED: "Forbidden: bot was blocked by the user",
  USER_BOT: "Forbidden: bot can't send messages to bots",
  BOT_METHOD_INVALID: "Bad Request: method is not available for bots",
  // messages
  MESSAGE_EMPTY: "Bad Request: message text is empty",
  MESSAGE_TOO_LONG: "Bad Request: message is too long",
  MEDIA_CAPTION_TOO_LONG: "Bad Request: message caption is too long",
  MESSAGE_ID_INVALID: "Bad Request: message to edit not found",
  MESSAGE_NOT_FOUND: "Bad Request: message to edit not found",
  MESSAGE_NOT_MODIFIED:
    "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
  MESSAGE_AUTHOR_REQUIRED: "Bad Request: message can't be edited",
  MESSAGE_DELETE_FORBIDDEN: "Bad Request: message can't be deleted",
  MESSAGE_IDS_EMPTY: "Bad Request: message identifiers are not specified",
  MESSAGE_IDS_TOO_MUCH: "Bad Request: too many message identifiers specified",
  ENTITY_BOUNDS_INVALID: "Bad Request: can't parse entities: entity beyond the end of text",
  ENTITIES_TOO_LONG: "Bad Request: too many message entities",
  ENTITY_URL_INVALID: "Bad Request: can't parse entities: wrong HTTP URL",
  REPLY_MARKUP_INVALID: "Bad Request: can't parse inline keyboard button",
  BUTTON_TEXT_INVALID:
    "Bad Request: can't parse inline keyboard button: text buttons are unallowed in the inline keyboard",
  BUTTON_DATA_INVALID: "Bad Request: BUTTON_DATA_INVALID",
  REACTION_INVALID: "Bad Request: REACTION_INVALID",
  RANDOM_ID_INVALID: "Bad Request: invalid message identifier",
  MESSAGE_POLL_CLOSED: "Bad Request: poll has already been closed",
  BROADCAST_PUBLIC_VOTERS_FORBIDDEN: "Bad Request: non-anonymous polls can't be sent to channel chats",
  MESSAGE_EDIT_INVALID: "Bad Request: there is no text in the message to edit",
  // forum topics
  CHANNEL_FORUM_MISSING: "Bad Request: the chat is not a forum",
  TOPIC_ID_INVALID: "Bad Request: message thread not found",
  MESSAGE_EDIT_TIME_EXPIRED: "Bad Request: message can't be edited",
  GEO_PERIOD_INVALID: "Bad Request: wrong live location period specified",
  GEO_HEADING_INVALID: "Bad Request: wrong live location heading specified",
  GEO_PROXIMITY_INVALID: "Bad Request: wrong live location proximity alert radius specified",
  // bots
  QUERY_ID_INVALID: "Bad Request: query is too old and response timeout expired or query ID is invalid",
  GETUPDATES_WEBHOOK_ACTIVE:
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
  GETUPDATES_TERMINATED:
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
  WEBHOOK_URL_INVALID: "Bad Request: bad webhook: Failed to resolve host: Name or service not known",
  WEBHOOK_HTTPS_REQUIRED: "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
  WEBHOOK_ADDRESS_RESERVED: "Bad Request: bad webhook: IP address is reserved",
  METHOD_NOT_SUPPORTED: "Bad Request: method is not supported by this server",
  FILE_ID_INVALID: "Bad Request: wrong file identifier/HTTP URL specified",
  FILE_TOO_BIG: "Bad Request: file is too big",
  MEDIA_EMPTY: "Bad Request: there is no file in the request",
  // sticker sets
  SHORT_NAME_INVALID: "Bad Request: invalid sticker set name is specified",
  SHORT_NAME_OCCUPIED: "Bad Request: sticker set name is already occupied",
  STICKER_EMOJI_INVALID: "Bad Request: invalid sticker emojis",
};

/** Telegram's status words, used when no specific description is known. */
const STATUS_WORDS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  408: "Request Timeout",
  409: "Conflict",
  413: "Request Entity Too Large",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

/** An error for a bot: code and description exactly as the Bot API would answer. */
export function toBotApiError(e: unknown): BotApiError {
  const err = toRpcError(e);
  const wait = err.waitSeconds;
  if (err.code === 420 || wait !== undefined) {
    const retry = wait ?? 1;
    return {
      ok: false,
      error_code: 429,
      description: `Too Many Requests: retry after ${retry}`,
      parameters: { retry_after: retry },
    };
  }
  if (err.code === 401) return { ok: false, error_code: 401, description: "Unauthorized" };
  if (err.code === 404) return { ok: false, error_code: 404, description: "Not Found" };
  const code = Math.min(err.code, 500);
  const known = DESCRIPTIONS[err.text];
  // The description decides the status: a refusal Telegram words as "Bad Request" is a 400 there.
  if (known) return { ok: false, error_code: known.startsWith("Bad Request") ? 400 : code, description: known };
  const word = STATUS_WORDS[code] ?? "Bad Request";
  if (code >= 500) return { ok: false, error_code: 500, description: word };
  // Our own bot-facing texts are already phrased ("parameter \"x\" is required"); internal codes pass as is.
  return { ok: false, error_code: code, description: `${word}: ${err.text}` };
}

/** A 400 for a bot-facing description (parameter checks in this worker). */
export const badRequest = (description: string) => new RpcError(400, description);
