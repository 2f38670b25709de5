/**
 * The composer's microphone (shown while the message box is empty, as in Telegram): one press starts
 * recording, then a bar with the running time offers cancel and send; the note goes through the
 * normal upload path with Telegram's audio attribute (voice, duration, packed waveform).
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { toBase64Url } from "../../../../protocol/binary.ts";
import { showToast } from "../core/state.ts";
import { sendFile } from "../media/uploader.ts";
import { errorText } from "../ui/errors.ts";
import { type Recording, startRecording } from "./recorder.ts";
import { packWaveform } from "./waveform.ts";

/** m:ss of a length in seconds. */
export const minutes = (seconds: number) => {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

export function VoiceButton({ peerKey }: { peerKey: string }) {
  const [recording, setRecording] = useState<Recording | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const current = useRef<Recording | null>(null);
  current.current = recording;

  // Leaving the chat mid-recording turns the microphone off and sends nothing.
  useEffect(() => () => current.current?.cancel(), []);
  useEffect(() => {
    if (!recording) return;
    setElapsed(0);
    const timer = setInterval(() => setElapsed((Date.now() - recording.startedAt) / 1000), 200);
    return () => clearInterval(timer);
  }, [recording]);

  async function start() {
    try {
      setRecording(await startRecording());
    } catch (e) {
      showToast(`Microphone unavailable: ${e instanceof Error ? e.message : errorText(e)}`);
    }
  }

  async function send() {
    const r = recording;
    if (!r) return;
    setRecording(null);
    try {
      const note = await r.stop();
      const waveform = toBase64Url(packWaveform(note.waveform));
      void sendFile(peerKey, note.file, "", { voice: true, duration: note.duration, waveform });
    } catch (e) {
      showToast(`Couldn't send the voice message: ${errorText(e)}`);
    }
  }

  function cancel() {
    recording?.cancel();
    setRecording(null);
  }

  if (!recording)
    return (
      <button type="button" class="send-btn mic-btn" aria-label="Record voice message" onClick={() => void start()}>
        <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
          <path
            fill="currentColor"
            d="M12 15a3 3 0 0 0 3-3V6a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V22h2v-3.1a7 7 0 0 0 6-6.9h-2z"
          />
        </svg>
      </button>
    );
  return (
    <section class="voice-recording" aria-label="Recording voice message">
      <span class="rec-dot" aria-hidden="true" />
      <span class="rec-time" role="timer" aria-label="Recording time">
        {minutes(elapsed)}
      </span>
      <span class="muted rec-hint">Recording…</span>
      <button type="button" class="icon-btn" aria-label="Cancel recording" onClick={cancel}>
        ×
      </button>
      <button type="button" class="send-btn" aria-label="Send voice message" onClick={() => void send()}>
        <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
          <path fill="currentColor" d="M2.01 21 23 12 2.01 3 2 10l15 2-15 2z" />
        </svg>
      </button>
    </section>
  );
}
