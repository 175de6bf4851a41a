import assert from "node:assert/strict";
import { test } from "node:test";
import { f32, resample, toStereo } from "../src/resample";

test("toStereo_Mono_DoublesEachSample", () => {
  assert.deepEqual([...toStereo(new Float32Array([0.5, -1]), 1)], [0.5, 0.5, -1, -1]);
});

test("toStereo_Stereo_ReturnsTheSameArray", () => {
  const s = new Float32Array([1, 2, 3, 4]);
  assert.equal(toStereo(s, 2), s);
});

test("toStereo_FourChannels_KeepsTheFirstTwo", () => {
  assert.deepEqual([...toStereo(new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]), 4)], [1, 2, 5, 6]);
});

test("resample_SameRate_Unchanged", () => {
  const s = new Float32Array([1, 2, 3, 4]);
  assert.equal(resample(s, 48000, 48000), s);
});

test("resample_24kTo48k_DoublesTheFramesAndInterpolates", () => {
  const s = new Float32Array([0, 10, 1, 11, 2, 12]); // 3 frames: left 0,1,2, right 10,11,12
  const out = resample(s, 24000, 48000);
  assert.equal(out.length, 12);
  assert.deepEqual([...out.filter((_, i) => i % 2 === 0)], [0, 0.5, 1, 1.5, 2, 2]);
  assert.deepEqual([...out.filter((_, i) => i % 2 === 1)], [10, 10.5, 11, 11.5, 12, 12]);
});

test("resample_SineAt44100To48000_StaysCloseToTheSine", () => {
  const from = 44100, to = 48000, hz = 440, frames = 4410;
  const s = new Float32Array(frames * 2);
  for (let i = 0; i < frames; i++) s[2 * i] = s[2 * i + 1] = Math.sin((2 * Math.PI * hz * i) / from);
  const out = resample(s, from, to);
  assert.equal(out.length / 2, 4800);
  let worst = 0;
  for (let i = 0; i < 4790; i++) worst = Math.max(worst, Math.abs(out[2 * i] - Math.sin((2 * Math.PI * hz * i) / to)));
  assert.ok(worst < 0.01, `largest error ${worst}`);
});

test("f32_UnalignedBytes_ReadsLittleEndianFloats", () => {
  const bytes = new Uint8Array(9);
  new DataView(bytes.buffer).setFloat32(1, 0.25, true);
  new DataView(bytes.buffer).setFloat32(5, -2, true);
  assert.deepEqual([...f32(bytes.subarray(1))], [0.25, -2]);
});
