/**
 * A voice note in a bubble: play/pause, the waveform from the message's audio attribute (so it shows
 * before any download) filling with progress, and the length, counting while it plays. The sound is
 * downloaded on the first play; a click on the waveform seeks.
 */
import { useMemo, useRef, useState } from "preact/hooks";
import { fromBase64Url } from "../../../../protocol/binary.ts";
import type { AudioAttribute, MediaRef } from "../../../../protocol/model/media.ts";
import { showToast } from "../core/state.ts";
import { mediaUrl } from "../media/transfer.ts";
import { errorText } from "../ui/errors.ts";
import { minutes } from "./voice-button.tsx";
import { unpackWaveform } from "./waveform.ts";

const BARS = 50;
const BAR_WIDTH = 3;
const BAR_GAP = 1;
const HEIGHT = 24;

/** The attribute's samples, merged (peak of neighbours) into BARS bars; a low flat line without one. */
function barsOf(waveform: string | undefined): number[] {
  let values: number[] = [];
  try {
    values = waveform ? unpackWaveform(fromBase64Url(waveform)) : [];
  } catch {
    values = [];
  }
  if (!values.length) return new Array<number>(BARS).fill(0);
  return Array.from({ length: BARS }, (_, i) => {
    const from = Math.floor((i * values.length) / BARS);
    const to = Math.max(from + 1, Math.floor(((i + 1) * values.length) / BARS));
    return Math.max(...values.slice(from, to));
  });
}

export function VoiceNote({ media, audio }: { media: MediaRef; audio: AudioAttribute }) {
  const bars = useMemo(() => barsOf(audio.waveform), [audio.waveform]);
  const player = useRef<HTMLAudioElement>(null);
  const [playing, setPlaying] = useState(false);
  const [loading, setLoading] = useState(false);
  const [position, setPosition] = useState(0);

  // MediaRecorder's WebM has no length in its header: the attribute's is the one to trust until the end.
  const length = () => {
    const d = player.current?.duration;
    return d && Number.isFinite(d) ? d : audio.duration;
  };

  async function toggle() {
    const el = player.current;
    if (!el) return;
    if (playing) return el.pause();
    try {
      if (!el.src) {
        setLoading(true);
        el.src = await mediaUrl(media);
      }
      await el.play();
    } catch (e) {
      showToast(`Couldn't play the voice message: ${errorText(e)}`);
    } finally {
      setLoading(false);
    }
  }

  /** A click on the waveform plays from there (a keyboard press, with no position, does nothing). */
  function seek(e: MouseEvent) {
    const el = player.current;
    const box = (e.currentTarget as Element).getBoundingClientRect();
    if (!el?.src || box.width === 0 || e.detail === 0) return;
    el.currentTime = Math.min(1, Math.max(0, (e.clientX - box.left) / box.width)) * length();
  }

  const progress = Math.min(1, position / Math.max(length(), 0.001));
  const label = playing ? "Pause voice message" : "Play voice message";
  return (
    <div class="voice-note" data-testid="voice-note">
      <button type="button" class="voice-play" aria-label={label} disabled={loading} onClick={() => void toggle()}>
        <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
          {playing ? (
            <path fill="currentColor" d="M7 5h4v14H7zm6 0h4v14h-4z" />
          ) : (
            <path fill="currentColor" d="M8 5v14l11-7z" />
          )}
        </svg>
      </button>
      <div class="voice-body">
        <button type="button" class="voice-seek" aria-label="Seek" onClick={seek}>
          <svg class="voice-wave" role="img" aria-label="Waveform" width={BARS * (BAR_WIDTH + BAR_GAP)} height={HEIGHT}>
            {bars.map((v, i) => {
              const h = 2 + (v / 31) * (HEIGHT - 2);
              return (
                <rect
                  // biome-ignore lint/suspicious/noArrayIndexKey: bars are positions on the time axis
                  key={i}
                  class={i / BARS < progress ? "played" : undefined}
                  x={i * (BAR_WIDTH + BAR_GAP)}
                  y={(HEIGHT - h) / 2}
                  width={BAR_WIDTH}
                  height={h}
                  rx={1}
                />
              );
            })}
          </svg>
        </button>
        <span class="voice-time muted small" data-testid="voice-duration">
          {minutes(playing || position > 0 ? position : audio.duration)}
        </span>
      </div>
      {/* biome-ignore lint/a11y/useMediaCaption: a voice note has no caption track; its player is the controls above */}
      <audio
        ref={player}
        preload="none"
        data-testid="voice-audio"
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onTimeUpdate={(e) => setPosition(e.currentTarget.currentTime)}
        onEnded={() => {
          setPlaying(false);
          setPosition(0);
        }}
      />
    </div>
  );
}
