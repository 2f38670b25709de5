/** A bot's inline keyboard under its message: callback buttons ask the bot, URL buttons open the link. */
import { useState } from "preact/hooks";
import type { Message } from "../../../../protocol/model/message.ts";
import { client } from "../core/session.ts";
import { peerOf, showToast } from "../core/state.ts";
import { errorText } from "../ui/errors.ts";

export function InlineKeyboard({ peerKey, message }: { peerKey: string; message: Message }) {
  const [pressed, setPressed] = useState<string | null>(null);
  const rows = message.reply_markup?.rows ?? [];
  async function press(data: string) {
    setPressed(data);
    try {
      const answer = await client().call("messages.getBotCallbackAnswer", {
        peer: peerOf(peerKey),
        msg_id: message.id,
        data,
      });
      if (answer?.message) showToast(answer.message);
      if (answer?.url) window.open(answer.url, "_blank", "noopener");
    } catch (e) {
      showToast(errorText(e));
    } finally {
      setPressed(null);
    }
  }
  return (
    <fieldset class="keyboard">
      <legend class="visually-hidden">Bot buttons</legend>
      {rows.map((row) => (
        <div class="keyboard-row" key={row.map((b) => b.text).join("\u0000")}>
          {row.map((b) =>
            "url" in b ? (
              <a class="kb-btn" href={b.url} target="_blank" rel="noopener noreferrer" key={b.text}>
                {b.text} ↗
              </a>
            ) : (
              <button
                type="button"
                class="kb-btn"
                key={b.text}
                aria-busy={pressed === b.callback_data}
                onClick={() => void press(b.callback_data)}
              >
                {b.text}
              </button>
            ),
          )}
        </div>
      ))}
    </fieldset>
  );
}
