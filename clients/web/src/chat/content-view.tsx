/** Message content that is not a file: a location or venue (coordinates, a geo: link), a contact card, a dice throw, a poll. */
import { useState } from "preact/hooks";
import type { GeoPoint, MessageMediaKind, MessageMediaPoll } from "../../../../protocol/model/message-media.ts";
import { vote } from "../core/polls.ts";
import type { PeerKey } from "../core/state.ts";
import { PollVotesDialog } from "./poll-votes-dialog.tsx";

const coords = (g: GeoPoint) => `${g.lat.toFixed(5)}, ${g.long.toFixed(5)}`;
// A geo: link opens the device's own maps app; no map tiles are fetched from anywhere.
const geoHref = (g: GeoPoint) => `geo:${g.lat},${g.long}`;

export function ContentView({ peerKey, msgId, media }: { peerKey: PeerKey; msgId: number; media: MessageMediaKind }) {
  switch (media._) {
    case "messageMediaGeo":
      return (
        <a class="content geo" href={geoHref(media.geo)}>
          <strong>
            <span aria-hidden="true">📍</span> Location
          </strong>
          <span class="coords">{coords(media.geo)}</span>
          {media.geo.accuracy_radius !== undefined && <span class="muted">± {media.geo.accuracy_radius} m</span>}
        </a>
      );
    case "messageMediaVenue":
      return (
        <a class="content geo" href={geoHref(media.geo)}>
          <strong>
            <span aria-hidden="true">📍</span> {media.title}
          </strong>
          {media.address && <span>{media.address}</span>}
          <span class="coords">{coords(media.geo)}</span>
        </a>
      );
    case "messageMediaContact":
      return (
        <div class="content contact">
          <span class="avatar-small" aria-hidden="true">
            👤
          </span>
          <div>
            <strong>{[media.first_name, media.last_name].filter(Boolean).join(" ")}</strong>
            <a href={`tel:${media.phone_number.replace(/[^+\d]/g, "")}`}>{media.phone_number}</a>
            {media.user_id !== undefined && <span class="muted">on Edgegram</span>}
          </div>
        </div>
      );
    case "messageMediaDice":
      return (
        <div class="content dice" role="img" aria-label={`${media.emoticon} rolled ${media.value}`}>
          <span class="dice-emoji">{media.emoticon}</span>
          <span class="dice-value">{media.value}</span>
        </div>
      );
    case "messageMediaPoll":
      return <PollView peerKey={peerKey} msgId={msgId} media={media} />;
  }
}

function PollView({ peerKey, msgId, media }: { peerKey: PeerKey; msgId: number; media: MessageMediaPoll }) {
  const { poll, results } = media;
  const [picked, setPicked] = useState<string[]>([]);
  const [showVotes, setShowVotes] = useState(false);
  const byOption = new Map(results.results.map((r) => [r.option, r]));
  const voted = results.results.some((r) => r.chosen);
  const showResults = voted || poll.closed === true;
  const total = results.total_voters;
  const kind = `${poll.public_voters ? "" : "Anonymous "}${poll.quiz ? "quiz" : "poll"}`;
  const choose = (option: string) => {
    if (poll.multiple_choice) setPicked((p) => (p.includes(option) ? p.filter((x) => x !== option) : [...p, option]));
    else void vote(peerKey, msgId, [option]);
  };
  return (
    <fieldset class="content poll">
      <legend class="poll-question">{poll.question}</legend>
      <div class="muted poll-kind">{poll.closed ? "Final results" : kind.charAt(0).toUpperCase() + kind.slice(1)}</div>
      {poll.answers.map((a) => {
        const r = byOption.get(a.option);
        const pct = total > 0 ? Math.round(((r?.voters ?? 0) * 100) / total) : 0;
        if (showResults)
          return (
            <div class={`poll-result ${r?.correct ? "correct" : r?.chosen && poll.quiz ? "wrong" : ""}`} key={a.option}>
              <span class="poll-pct">{pct}%</span>
              <span class="poll-text">
                {a.text}{" "}
                {r?.chosen && (
                  <span role="img" aria-label="your vote">
                    ✓
                  </span>
                )}
              </span>
              <span class="poll-bar" style={{ width: `${pct}%` }} />
            </div>
          );
        return (
          <button
            type="button"
            key={a.option}
            class={`poll-option ${picked.includes(a.option) ? "picked" : ""}`}
            aria-pressed={poll.multiple_choice ? picked.includes(a.option) : undefined}
            onClick={() => choose(a.option)}
          >
            {a.text}
          </button>
        );
      })}
      {!showResults && poll.multiple_choice && (
        <button
          type="button"
          class="poll-submit"
          disabled={picked.length === 0}
          onClick={() => void vote(peerKey, msgId, picked)}
        >
          Vote
        </button>
      )}
      {showResults && results.solution && <div class="poll-solution">💡 {results.solution}</div>}
      <div class="muted poll-total">
        {total} vote{total === 1 ? "" : "s"}
        {showResults && poll.public_voters && total > 0 && (
          <button type="button" class="link-button" onClick={() => setShowVotes(true)}>
            View votes
          </button>
        )}
        {voted && poll.revoting && !poll.closed && (
          <button type="button" class="link-button" onClick={() => void vote(peerKey, msgId, [])}>
            Retract vote
          </button>
        )}
      </div>
      {showVotes && <PollVotesDialog peerKey={peerKey} msgId={msgId} poll={poll} onClose={() => setShowVotes(false)} />}
    </fieldset>
  );
}
