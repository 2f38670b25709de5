/**
 * A user's own settings for their dialogs, as Telegram names them: mute (notify settings), pin, and the
 * archive folder. Each change reaches the user's devices as an update in their log.
 */
import * as v from "valibot";
import { ARCHIVE_FOLDER, MAIN_FOLDER, MUTE_FOREVER, PeerNotifySettings } from "../model/chat.ts";
import { Peer } from "../model/peer.ts";
import { method, NOT_IN_CHAT } from "./define.ts";

/** Pinned dialogs allowed in the main list and in the archive (Telegram's pinned_dialogs_count_max / infolder). */
export const PINNED_MAX = { [MAIN_FOLDER]: 5, [ARCHIVE_FOLDER]: 100 } as const;
/** Dialogs one folders.editPeerFolders call may move. */
export const FOLDER_PEERS_MAX = 100;

const FolderId = v.picklist([MAIN_FOLDER, ARCHIVE_FOLDER], "FOLDER_ID_INVALID");

export const dialogSettingsMethods = {
  /**
   * Mutes (`mute_until` in unix seconds, MUTE_FOREVER for good, 0 to unmute) or silences a dialog for
   * the caller; fields left out keep their value. Other devices get `updateNotifySettings`.
   */
  "account.updateNotifySettings": method({
    params: v.object({
      peer: Peer,
      settings: v.object({
        mute_until: v.optional(
          v.pipe(
            v.number(),
            v.integer("MUTE_UNTIL_INVALID"),
            v.minValue(0, "MUTE_UNTIL_INVALID"),
            v.maxValue(MUTE_FOREVER, "MUTE_UNTIL_INVALID"),
          ),
        ),
        silent: v.optional(v.boolean()),
      }),
    }),
    result: v.literal(true),
    auth: true,
    errors: [NOT_IN_CHAT],
  }),
  /** The caller's notification settings for a dialog (empty: the defaults). */
  "account.getNotifySettings": method({
    params: v.object({ peer: Peer }),
    result: PeerNotifySettings,
    auth: true,
    errors: [NOT_IN_CHAT],
  }),
  /** Pins (first in its folder) or unpins a dialog; `updateDialogPinned` follows. */
  "messages.toggleDialogPin": method({
    params: v.object({ peer: Peer, pinned: v.boolean() }),
    result: v.literal(true),
    auth: true,
    errors: [NOT_IN_CHAT, "400 PINNED_DIALOGS_TOO_MUCH"],
  }),
  /**
   * Puts the folder's pinned dialogs in this order (peers not pinned yet are pinned). With `force`,
   * pinned dialogs left out are unpinned; without, they follow in their old order. `updatePinnedDialogs`.
   */
  "messages.reorderPinnedDialogs": method({
    params: v.object({
      folder_id: v.optional(FolderId, MAIN_FOLDER),
      order: v.pipe(v.array(Peer), v.maxLength(PINNED_MAX[ARCHIVE_FOLDER], "PINNED_DIALOGS_TOO_MUCH")),
      force: v.optional(v.boolean(), false),
    }),
    result: v.literal(true),
    auth: true,
    errors: [NOT_IN_CHAT, "400 PINNED_DIALOGS_TOO_MUCH"],
  }),
  /**
   * Moves dialogs to the archive (folder 1) or back to the main list (0); a moved dialog loses its pin.
   * A new message in an archived dialog that is not muted brings it back. `updateFolderPeers`.
   */
  "folders.editPeerFolders": method({
    params: v.object({
      folder_peers: v.pipe(
        v.array(v.object({ peer: Peer, folder_id: FolderId })),
        v.minLength(1, "FOLDER_PEERS_EMPTY"),
        v.maxLength(FOLDER_PEERS_MAX, "FOLDER_PEERS_TOO_MUCH"),
      ),
    }),
    result: v.literal(true),
    auth: true,
    errors: [NOT_IN_CHAT],
  }),
};
