/**
 * Records a voice note from the microphone with MediaRecorder (Opus in Ogg where the browser can, else
 * WebM), then decodes it once to learn its true length and waveform: MediaRecorder's WebM carries no
 * duration, and the waveform must come from the sound itself.
 */
import { waveformOf } from "./waveform.ts";

/** Container types in order of preference: Ogg/Opus is what Telegram's own clients send. */
const TYPES = ["audio/ogg;codecs=opus", "audio/webm;codecs=opus", "audio/webm"];

export interface VoiceNote {
  file: File;
  /** Whole seconds, at least 1 (Telegram's int). */
  duration: number;
  /** 5-bit loudness samples (waveform.ts). */
  waveform: number[];
}

export interface Recording {
  startedAt: number;
  /** Stops the microphone and yields the note. */
  stop(): Promise<VoiceNote>;
  /** Stops the microphone and throws the sound away. */
  cancel(): void;
}

export async function startRecording(): Promise<Recording> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const mimeType = TYPES.find((t) => MediaRecorder.isTypeSupported(t));
  const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : {});
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => e.data.size > 0 && chunks.push(e.data);
  const stopped = new Promise<void>((resolve) => {
    recorder.onstop = () => resolve();
  });
  const release = () => {
    if (recorder.state !== "inactive") recorder.stop();
    for (const track of stream.getTracks()) track.stop();
  };
  const startedAt = Date.now();
  recorder.start(250);
  return {
    startedAt,
    cancel: release,
    async stop() {
      release();
      await stopped;
      const type = (recorder.mimeType || mimeType || "audio/webm").split(";")[0] as string;
      const blob = new Blob(chunks, { type });
      const file = new File([blob], `voice.${type === "audio/ogg" ? "ogg" : "webm"}`, { type });
      return { file, ...(await measure(blob, (Date.now() - startedAt) / 1000)) };
    },
  };
}

/** Length and waveform of the recorded sound; the wall-clock length and a flat line if it cannot be decoded. */
async function measure(blob: Blob, elapsed: number): Promise<{ duration: number; waveform: number[] }> {
  const context = new AudioContext();
  try {
    const audio = await context.decodeAudioData(await blob.arrayBuffer());
    return { duration: Math.max(1, Math.round(audio.duration)), waveform: waveformOf(audio.getChannelData(0)) };
  } catch (e) {
    console.warn("voice note: could not decode the recording for its waveform", e);
    return { duration: Math.max(1, Math.round(elapsed)), waveform: waveformOf(new Float32Array(0)) };
  } finally {
    void context.close();
  }
}
