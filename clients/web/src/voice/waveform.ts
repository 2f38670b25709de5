/**
 * Telegram's voice-note waveform: 100 loudness samples of 5 bits (0–31), packed little-endian into 63
 * bytes, so any Telegram client draws our notes and we draw theirs. Pure, so it is tested in Node.
 */

export const WAVEFORM_SAMPLES = 100;
const MAX_VALUE = 31;

/** The loudness of each of `count` equal slices of the audio (peak amplitude), scaled so the loudest is 31. */
export function waveformOf(samples: Float32Array, count = WAVEFORM_SAMPLES): number[] {
  const peaks = new Array<number>(count).fill(0);
  if (samples.length === 0) return peaks;
  for (let i = 0; i < count; i++) {
    const from = Math.floor((i * samples.length) / count);
    const to = Math.max(from + 1, Math.floor(((i + 1) * samples.length) / count));
    let peak = 0;
    for (let j = from; j < to && j < samples.length; j++) peak = Math.max(peak, Math.abs(samples[j] as number));
    peaks[i] = peak;
  }
  const loudest = Math.max(...peaks);
  return loudest > 0 ? peaks.map((p) => Math.round((p / loudest) * MAX_VALUE)) : peaks;
}

/** Packs 5-bit values as Telegram does: value i at bit i·5, little-endian across bytes. */
export function packWaveform(values: number[]): Uint8Array {
  const out = new Uint8Array(Math.ceil((values.length * 5) / 8));
  values.forEach((value, i) => {
    const v = Math.max(0, Math.min(MAX_VALUE, Math.round(value)));
    const bit = i * 5;
    const at = bit >> 3;
    const word = v << (bit & 7);
    out[at] = (out[at] as number) | (word & 0xff);
    if (word > 0xff) out[at + 1] = (out[at + 1] as number) | (word >> 8);
  });
  return out;
}

/** The 5-bit values of a packed waveform (as many whole samples as its bits hold). */
export function unpackWaveform(bytes: Uint8Array): number[] {
  const count = Math.floor((bytes.length * 8) / 5);
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const bit = i * 5;
    const at = bit >> 3;
    const word = (bytes[at] as number) | ((bytes[at + 1] ?? 0) << 8);
    values.push((word >> (bit & 7)) & MAX_VALUE);
  }
  return values;
}
