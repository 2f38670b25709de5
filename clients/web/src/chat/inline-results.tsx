/** Inline bots in the composer: "@bot query" asks the bot (messages.getInlineBotResults); picking a result posts it via the bot. */
import { useEffect, useState } from "preact/hooks";
import type { InlineResult } from "../../../../protocol/model/inline.ts";
import { randomId } from "../core/chats.ts";
import { client } from "../core/session.ts";
import { app, type PeerKey, peerOf, showToast } from "../core/state.ts";
import { addMessage, applyOwn, mergeEntities } from "../core/updates.ts";
import { errorText } from "../ui/errors.ts";

/** "@name query": the bot's username and what follows the first space (possibly nothing yet). */
export function inlineQueryOf(text: string): { username: string; query: string } | null {
  const m = /^@([a-zA-Z][a-zA-Z0-9_]{3,31}) ([\s\S]*)$/.exec(text);
  return m ? { username: m[1] as string, query: m[2] as string } : null;
}

/** Typing pauses this long before the bot is asked. */
const ASK_AFTER_MS = 300;

interface Shown {
  bot: number;
  queryId: string;
  results: InlineResult[];
}

async function ask(peerKey: PeerKey, username: string, query: string): Promise<Shown | null> {
  const { user } = await client().call("contacts.resolveUsername", { username });
  if (!user.bot) return null;
  mergeEntities([user], []);
  const r = await client().call("messages.getInlineBotResults", { bot: user.id, peer: peerOf(peerKey), query });
  return { bot: user.id, queryId: r.query_id, results: r.results };
}

export function InlineResults(props: { peerKey: PeerKey; text: string; onSent: () => void }) {
  const { peerKey, text, onSent } = props;
  const [shown, setShown] = useState<Shown | null>(null);
  const q = inlineQueryOf(text);

  useEffect(() => {
    setShown(null);
    if (!q) return;
    let live = true;
    const timer = setTimeout(() => {
      ask(peerKey, q.username, q.query)
        .then((s) => {
          if (live) setShown(s);
        })
        // Not a bot, no such user, or the bot is silent: the text is just text.
        .catch(() => undefined);
    }, ASK_AFTER_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [peerKey, q?.username, q?.query]);

  async function pick(r: InlineResult) {
    if (!shown) return;
    try {
      const sent = await client().call("messages.sendInlineBotResult", {
        bot: shown.bot,
        peer: peerOf(peerKey),
        query_id: shown.queryId,
        id: r.id,
        random_id: randomId(),
      });
      applyOwn(sent.updates);
      addMessage(sent.message);
      setShown(null);
      onSent();
    } catch (e) {
      showToast(errorText(e));
    }
  }

  if (!shown || shown.results.length === 0) return null;
  const botName = app.get().users[shown.bot]?.username ?? "bot";
  return (
    <ul class="suggestions inline-results" aria-label={`Results from @${botName}`}>
      {shown.results.map((r) => (
        <li key={r.id}>
          <button type="button" onClick={() => void pick(r)}>
            <strong>{r.title ?? (r.media ? `${r.type[0]?.toUpperCase()}${r.type.slice(1)}` : r.send.message)}</strong>
            {r.description && <span class="muted"> {r.description}</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}
