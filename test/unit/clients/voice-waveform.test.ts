/** The web client's voice-note waveform: Telegram's 5-bit packing both ways, and loudness from samples. */
import { describe, expect, it } from "vitest";
import { packWaveform, unpackWaveform, waveformOf } from "../../../clients/web/src/voice/waveform.ts";

describe("voice waveform", () => {
  it("packs 100 samples into Telegram's 63 bytes, little-endian at bit i·5, and reads them back", () => {
    expect([...packWaveform([31])]).toEqual([31]);
    expect([...packWaveform([0, 31])]).toEqual([0xe0, 0x03]);
    expect([...packWaveform([1, 2, 3, 4, 5, 6, 7, 8])]).toEqual([0x41, 0x0c, 0x52, 0xcc, 0x41]);
    const values = Array.from({ length: 100 }, (_, i) => (i * 7) % 32);
    const packed = packWaveform(values);
    expect(packed.length).toBe(63);
    expect(unpackWaveform(packed)).toEqual(values);
  });

  it("clamps values outside 0–31 instead of spilling into the neighbours", () => {
    expect(unpackWaveform(packWaveform([40, -3, 12]))).toEqual([31, 0, 12]);
  });

  it("measures each slice's peak, loudest scaled to 31; silence stays flat at 0", () => {
    const rate = 1000;
    const samples = new Float32Array(rate * 2);
    // One second of a tone at half volume, then one second of silence.
    for (let i = 0; i < rate; i++) samples[i] = 0.5 * Math.sin((2 * Math.PI * 440 * i) / rate);
    const wave = waveformOf(samples);
    expect(wave).toHaveLength(100);
    expect(Math.max(...wave.slice(0, 50))).toBe(31);
    expect(Math.min(...wave.slice(0, 50))).toBeGreaterThan(20);
    expect(wave.slice(50)).toEqual(new Array(50).fill(0));
    expect(waveformOf(new Float32Array(300))).toEqual(new Array(100).fill(0));
    expect(waveformOf(new Float32Array(0), 63)).toEqual(new Array(63).fill(0));
    // Fewer samples than slices: each slice still reads one sample.
    expect(waveformOf(Float32Array.from([1, 0, 0.5]), 6)).toEqual([31, 31, 0, 0, 16, 16]);
  });
});
