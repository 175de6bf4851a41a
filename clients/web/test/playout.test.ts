import assert from "node:assert/strict";
import { test } from "node:test";
import { DelayEstimator, defaultDelaySettings } from "../src/delay";
import { Playout } from "../src/playout";

const RATE = 48000;
const QUANTUM = 128;
const CHUNK_MS = 20;
const FRAME_MS = 1000 / 30;

/** A 440 Hz sine chunk (interleaved stereo) starting at `ptsUs`: continuous across chunks, so a click shows as a jump. */
function sine(ptsUs: number, ms = CHUNK_MS): Float32Array {
  const frames = Math.round((ms / 1000) * RATE);
  const out = new Float32Array(frames * 2);
  const first = Math.round((ptsUs / 1e6) * RATE);
  for (let i = 0; i < frames; i++) out[2 * i] = out[2 * i + 1] = 0.5 * Math.sin((2 * Math.PI * 440 * (first + i)) / RATE);
  return out;
}

interface Arrival { at: number; pts: number } // s, µs

/**
 * Chunks released by 30 fps frames (each frame releases the chunks that start at or before it), `pipelineMs` later
 * (plus `late(frame)`), in order: a late frame holds back what comes after it (one ordered socket).
 */
function framePaced(seconds: number, pipelineMs: number, late: (frame: number) => number = () => 0): Arrival[] {
  const out: Arrival[] = [];
  let chunk = 0, last = 0;
  for (let f = 0; f * FRAME_MS < seconds * 1000; f++) {
    const frameMs = f * FRAME_MS;
    last = Math.max(last, (frameMs + pipelineMs + late(f)) / 1000);
    while (chunk * CHUNK_MS <= frameMs) out.push({ at: last, pts: chunk++ * CHUNK_MS * 1000 });
  }
  return out;
}

interface Run { playout: Playout; output: Float32Array; played: { pts: number; at: number }[]; underrunsAt: (s: number) => number }

/** Renders quantum by quantum, delivering each chunk before the first quantum at or after its arrival. */
function run(arrivals: Arrival[], seconds: number, settings: Partial<ConstructorParameters<typeof Playout>[0]> = {}): Run {
  const played: { pts: number; at: number }[] = [];
  const playout = new Playout({ sampleRate: RATE, ...settings }, (pts, at) => played.push({ pts, at }));
  const blocks = Math.round((seconds * RATE) / QUANTUM);
  const output = new Float32Array(blocks * QUANTUM);
  const underruns: number[] = [];
  const l = new Float32Array(QUANTUM), r = new Float32Array(QUANTUM);
  let next = 0;
  for (let b = 0; b < blocks; b++) {
    const now = (b * QUANTUM) / RATE;
    while (next < arrivals.length && arrivals[next].at <= now) {
      const a = arrivals[next++];
      playout.push(now, a.pts, sine(a.pts));
    }
    playout.render(now, l, r);
    output.set(l, b * QUANTUM);
    underruns.push(playout.stats(now).underruns);
  }
  return {
    playout, output, played,
    underrunsAt: (s) => underruns[Math.min(underruns.length - 1, Math.round((s * RATE) / QUANTUM))],
  };
}

function maxJump(x: Float32Array, from: number): number {
  let max = 0;
  for (let i = Math.max(1, from); i < x.length; i++) max = Math.max(max, Math.abs(x[i] - x[i - 1]));
  return max;
}

test("DelayEstimator_NoJitter_TargetIsTheMinimum", () => {
  const d = new DelayEstimator();
  for (let i = 0; i < 500; i++) d.add(i * 0.02 + 0.015, i * 0.02);
  assert.equal(d.targetMs(10), defaultDelaySettings.minTargetMs);
  assert.ok(Math.abs(d.baseline - 0.015) < 1e-9);
});

test("DelayEstimator_UniformJitterUpTo30ms_TargetIsItsHighQuantilePlusTheMargin", () => {
  const d = new DelayEstimator();
  for (let i = 0; i < 3000; i++) d.add(i * 0.02 + 0.01 + ((i * 7) % 31) / 1000, i * 0.02);
  const t = d.targetMs(60);
  assert.ok(t >= 29 + defaultDelaySettings.marginMs && t <= 31 + defaultDelaySettings.marginMs, `target ${t}`);
});

test("DelayEstimator_OneLatePeak_RaisesTheTargetAtOnce_ThenLetsItGoAfterTheHold", () => {
  const d = new DelayEstimator();
  let i = 0;
  for (; i < 500; i++) d.add(i * 0.02 + 0.01, i * 0.02);
  d.add(i * 0.02 + 0.13, i * 0.02); // 120 ms late
  assert.ok(d.targetMs(i * 0.02) >= 120, `target ${d.targetMs(i * 0.02)}`);
  const end = i * 0.02 + defaultDelaySettings.peakHoldS + 1;
  for (i++; i * 0.02 < end; i++) d.add(i * 0.02 + 0.01, i * 0.02);
  assert.equal(d.targetMs(end), defaultDelaySettings.minTargetMs);
});

test("DelayEstimator_SteadyJitterAfterAPeak_TheHoldEnds_TheQuantilesOwnTailDoesNotRenewIt", () => {
  // Frame-paced jitter (0..33 ms) with a tail (every 40th chunk 55 ms late), one 150 ms peak at 20 s: 5 s after its
  // hold the target is the jitter's again (the tail must not keep renewing the peak's hold).
  const jitter = (i: number) => (i % 40 === 0 ? 55 : (i * 7) % 34) / 1000;
  const d = new DelayEstimator();
  let i = 0;
  for (; i * 0.02 < 20; i++) d.add(i * 0.02 + 0.01 + jitter(i), i * 0.02);
  const quiet = d.targetMs(i * 0.02);
  d.add(i * 0.02 + 0.16, i * 0.02);
  const end = 20 + defaultDelaySettings.peakHoldS + 5;
  for (i++; i * 0.02 < end; i++) d.add(i * 0.02 + 0.01 + jitter(i), i * 0.02);
  assert.ok(d.targetMs(end) <= quiet + 2, `target ${d.targetMs(end)}, before the peak ${quiet}`);
});

test("DelayEstimator_ChunkASecondLate_TargetClampedToTheMaximum", () => {
  const d = new DelayEstimator();
  for (let i = 0; i < 200; i++) d.add(i * 0.02 + 0.01, i * 0.02);
  d.add(200 * 0.02 + 1.01, 200 * 0.02);
  assert.equal(d.targetMs(5), defaultDelaySettings.maxTargetMs);
});

test("Playout_FramePacedChunks_NoUnderrunAfterTheStart_AndTheDelayMatchesTheFrameJitter", () => {
  const r = run(framePaced(20, 12), 20);
  const s = r.playout.stats(20);
  assert.equal(s.underruns - r.underrunsAt(3), 0);
  // 30 fps frames release 20 ms chunks up to 33 ms late: the target covers that, and no more.
  assert.ok(s.targetMs >= 33 && s.targetMs <= 45, `target ${s.targetMs}`);
  assert.ok(Math.abs(s.lagMs - s.targetMs) <= 8, `lag ${s.lagMs} target ${s.targetMs}`);
  // Each chunk start is reported once, in order, 20 ms apart on the output.
  for (let i = 1; i < r.played.length; i++) assert.ok(r.played[i].pts > r.played[i - 1].pts);
  assert.ok(r.played.length > 900, `${r.played.length} chunks reported`);
});

test("Playout_SlowStart_TheBurstBehindItDrainsToTheTarget_InSmallCrossfadedSteps", () => {
  // The stages warm up: the first frames come 400 ms late, and the chunks behind them in a burst; then on time.
  const warmUp = (f: number) => Math.max(0, 400 - f * FRAME_MS);
  const r = run(framePaced(15, 12, warmUp), 15);
  const s = r.playout.stats(15);
  assert.ok(s.skips > 10, `skips ${s.skips}`);
  assert.ok(s.targetMs < 45 && s.lagMs - s.targetMs < 8, `lag ${s.lagMs} target ${s.targetMs}`);
  assert.equal(s.underruns, r.underrunsAt(3));
  assert.ok(s.underruns <= 1, `underruns ${s.underruns}`);
  // The sine's own steepest step is 0.5·2π·440/48000 ≈ 0.029; a hard cut would jump up to 1.
  assert.ok(maxJump(r.output, 200) < 0.06, `jump ${maxJump(r.output, 200)}`);
});

test("Playout_TwoSecondsArriveAtOnceAfterAStall_DrainedWithinSeconds_WithoutAClick", () => {
  // Frames 150..210 are held up and arrive together (a 2 s stall upstream, then everything at once).
  const stall = (f: number) => (f >= 150 && f <= 210 ? (210 - f) * FRAME_MS : 0);
  const r = run(framePaced(16, 12, stall), 16);
  const s = r.playout.stats(16);
  assert.ok(s.lagMs - s.targetMs < 8, `lag ${s.lagMs} target ${s.targetMs}`);
  assert.ok(s.skippedMs > 1000, `skipped ${s.skippedMs}`);
  assert.ok(maxJump(r.output, 200) < 0.06, `jump ${maxJump(r.output, 200)}`);
});

test("Playout_StallUpstream_OneUnderrun_TargetGrowsAtOnce_ASecondStallInTheHoldIsAbsorbed", () => {
  // Frames 150 and 300 reach the page 110 ms late (with everything queued behind them).
  const stall = (f: number) => (f === 150 || f === 300 ? 110 : 0);
  const r = run(framePaced(14, 12, stall), 14);
  const s = r.playout.stats(14);
  assert.equal(r.underrunsAt(3), 0);
  assert.equal(s.underruns, 1);
  assert.ok(s.targetMs >= 110, `target ${s.targetMs}`);
  assert.ok(maxJump(r.output, 200) < 0.06, `jump ${maxJump(r.output, 200)}`);
});

test("Playout_StallThatTrickles_CostsAnUnderrunOrTwo_NotOneAChunk", () => {
  // From frame 150 the stages fall behind, each frame 25 ms later than the one before for ten frames (they run at
  // 57 % speed for a third of a second), then catch up. Refilling the whole target after an underrun keeps it to two.
  const trickle = (f: number) => (f >= 150 && f < 160 ? (f - 149) * 25 : 0);
  const r = run(framePaced(10, 12, trickle), 10);
  const s = r.playout.stats(10);
  assert.ok(s.underruns - r.underrunsAt(3) <= 2, `underruns ${s.underruns - r.underrunsAt(3)}`);
  assert.ok(maxJump(r.output, 200) < 0.06, `jump ${maxJump(r.output, 200)}`);
});

test("Playout_PipelineSlowsDownGradually_RepeatsSmallSteps_InsteadOfRunningDry", () => {
  // From frame 150 each frame comes 1 ms later than the one before, up to 30 ms: the target grows, and playback is
  // stretched to meet it before the queue runs dry.
  const late = (f: number) => Math.min(30, Math.max(0, f - 150));
  const r = run(framePaced(10, 12, late), 10);
  const s = r.playout.stats(10);
  assert.ok(s.stretches > 0, `stretches ${s.stretches}`);
  assert.equal(s.underruns, 0);
  assert.ok(maxJump(r.output, 200) < 0.06, `jump ${maxJump(r.output, 200)}`);
});

test("Playout_NothingPlayedForSeconds_DropsTheOldest_CountedAsOverflow", () => {
  const p = new Playout({ sampleRate: RATE, capacityS: 1 });
  for (let k = 0; k < 100; k++) p.push(0, k * CHUNK_MS * 1000, sine(k * CHUNK_MS * 1000));
  const s = p.stats(0);
  assert.ok(s.overflowMs >= 1000 && s.depthMs <= 1000, `overflow ${s.overflowMs} depth ${s.depthMs}`);
});

test("Playout_Reset_StartsOver", () => {
  const r = run(framePaced(2, 12), 2);
  r.playout.reset();
  const s = r.playout.stats(2);
  assert.equal(s.depthMs, 0);
  assert.equal(s.playedMs, 0);
  assert.equal(s.playing, false);
  assert.equal(s.targetMs, r.playout.settings.startTargetMs);
});
