/** A dialog's notification settings (mute, silent) as TL's peerNotifySettings. */
import type { PeerNotifySettings } from "../../../protocol/model/chat.ts";
import type { TlTypes } from "../../../protocol/mtproto/gen/api-types.ts";

export function tlNotifySettings(s: PeerNotifySettings | undefined): TlTypes["PeerNotifySettings"] {
  return {
    _: "peerNotifySettings",
    ...(s?.mute_until !== undefined ? { muteUntil: s.mute_until } : {}),
    ...(s?.silent ? { silent: true } : {}),
  };
}
