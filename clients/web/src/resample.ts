// Audio format helpers for the chunks the gateway sends (float32, interleaved).

/** Interleaved stereo from interleaved samples: stereo as is, mono doubled, more channels: the first two. */
export function toStereo(s: Float32Array, channels: number): Float32Array {
  if (channels === 2) return s;
  const c = Math.max(1, channels);
  const frames = Math.floor(s.length / c);
  const out = new Float32Array(frames * 2);
  for (let i = 0; i < frames; i++) {
    out[2 * i] = s[i * c];
    out[2 * i + 1] = s[i * c + (c > 1 ? 1 : 0)];
  }
  return out;
}

/** Linear resampling of interleaved stereo, for a server that cannot render at the page's rate. */
export function resample(s: Float32Array, from: number, to: number): Float32Array {
  if (from === to) return s;
  const frames = s.length / 2;
  const n = Math.round((frames * to) / from);
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const x = (i * from) / to;
    const j = Math.min(frames - 1, Math.floor(x));
    const f = x - j;
    const j1 = Math.min(frames - 1, j + 1);
    out[2 * i] = s[2 * j] * (1 - f) + s[2 * j1] * f;
    out[2 * i + 1] = s[2 * j + 1] * (1 - f) + s[2 * j1 + 1] * f;
  }
  return out;
}

/** A chunk's little-endian float32 bytes as samples (copied: the bytes may not be 4-byte aligned). */
export function f32(bytes: Uint8Array): Float32Array {
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
