// The jitter buffer's playout (pure logic; worklet.ts is the AudioWorklet glue around it). Chunks (interleaved
// stereo float32, pts in µs) go into a ring of samples; `render` plays them back to back into the output.
//  - The playout delay over the baseline (how long after its earliest possible arrival a sample plays) is kept at the
//    DelayEstimator's target: playback (re)starts once the head of the queue is that late.
//  - Above the target by more than `toleranceMs`, a few ms are dropped at a time with a short crossfade (at the
//    offset, near the step, where the audio best matches itself), at most one step per `shrinkEveryMs` (per
//    `fastShrinkEveryMs` when far above; in `burstStepMs` steps when a burst after a stall left it very far above,
//    as NetEQ's fast accelerate does).
//  - Below it by more than `growToleranceMs` while playing (a late chunk raised the target), a few ms are repeated the
//    same way (a small stretch), at most one step per `growEveryMs`.
//  - Running dry while playing is an underrun: the tail already written fades out, the count goes up, and playback
//    restarts (fading in) when the target is met again, which has by then grown by the late chunk's delay, and
//    `refillShare` of it is queued (a stall that trickles out would otherwise cost an underrun a chunk).
//  - More than the ring holds: the oldest audio is dropped (counted as overflow).
// Every chunk whose first sample is played is reported through `onPlay`: its pts, when it played and when it came.
import { DelayEstimator, defaultDelaySettings, type DelaySettings } from "./delay";

export interface PlayoutSettings extends DelaySettings {
  sampleRate: number;
  startTargetMs: number; // the target before any chunk has arrived
  toleranceMs: number; // no drop while within this above the target
  growToleranceMs: number; // no repeat while within this below it (small: being below eats the margin)
  stepMs: number; // one drop or repeat
  fadeMs: number; // its crossfade (and the fades at an underrun)
  shrinkEveryMs: number; // at most one drop per this much playback
  fastShrinkAboveMs: number; // ... or per fastShrinkEveryMs when this far above the target
  fastShrinkEveryMs: number;
  burstAboveMs: number; // ... and far above (a burst after a stall), bigger steps: burstStepMs per burstEveryMs
  burstStepMs: number;
  burstEveryMs: number;
  settleChunks: number; // the target stays at least startTargetMs until this many chunks came
  refillShare: number; // after an underrun, playback also waits until this share of the target is queued (NetEQ
  // refills to its target level)
  growEveryMs: number; // at most one repeat per this much playback
  capacityS: number; // the ring
}

export const defaultPlayoutSettings: Omit<PlayoutSettings, "sampleRate"> = {
  ...defaultDelaySettings,
  startTargetMs: 100,
  toleranceMs: 4,
  growToleranceMs: 1,
  stepMs: 2.5,
  fadeMs: 2.5,
  shrinkEveryMs: 40,
  fastShrinkAboveMs: 30,
  fastShrinkEveryMs: 10,
  burstAboveMs: 100,
  burstStepMs: 10,
  burstEveryMs: 20,
  settleChunks: 150,
  refillShare: 1,
  growEveryMs: 10,
  capacityS: 4,
};

export interface PlayoutStats {
  depthMs: number; // queued, not yet played
  targetMs: number; // playout delay wanted over the baseline
  lagMs: number; // playout delay now over the baseline (NaN when not playing)
  jitterMs: number; // the quantile of the relative delays
  lastLateMs: number; // how late the last chunk came over the baseline
  underruns: number;
  skips: number;
  skippedMs: number;
  stretches: number;
  stretchedMs: number;
  overflowMs: number;
  playing: boolean;
  started: boolean;
  playedMs: number;
}

interface Mark { index: number; pts: number; arrived: number }

export class Playout {
  readonly settings: PlayoutSettings;
  readonly delay: DelayEstimator;
  private readonly ring: Float32Array; // interleaved stereo
  private readonly capacity: number; // frames
  private write = 0; // absolute frame index of the next frame written
  private read = 0; // absolute frame index of the next frame played
  private marks: Mark[] = []; // chunk starts, by index (the oldest pruned once played)
  private next = 0; // marks[next] is the next chunk start to report
  private playing = false;
  private started = false;
  private refilling = false; // ran dry: wait for the queue as well as for the delay
  private fadeIn = 0; // frames of fade-in left
  private xfFrom = 0; // crossfade: the old read position (its frames fade out)
  private xfLeft = 0; // frames of crossfade left
  private sinceAdjust = 0; // frames played since the last drop/repeat
  private underruns = 0;
  private skips = 0;
  private skipped = 0;
  private stretches = 0;
  private stretched = 0;
  private overflow = 0;
  private played = 0;
  private readonly fadeFrames: number;
  private readonly stepFrames: number;

  constructor(settings: Partial<PlayoutSettings> & { sampleRate: number }, readonly onPlay: (pts: number, at: number, arrived: number) => void = () => {}) {
    this.settings = { ...defaultPlayoutSettings, ...settings };
    this.delay = new DelayEstimator(this.settings);
    this.capacity = Math.round(this.settings.capacityS * this.settings.sampleRate);
    this.ring = new Float32Array(this.capacity * 2);
    this.fadeFrames = Math.max(1, Math.round((this.settings.fadeMs / 1000) * this.settings.sampleRate));
    this.stepFrames = Math.max(1, Math.round((this.settings.stepMs / 1000) * this.settings.sampleRate));
  }

  reset() {
    this.write = this.read = this.next = 0;
    this.marks = [];
    this.playing = this.started = this.refilling = false;
    this.fadeIn = this.xfLeft = this.sinceAdjust = 0;
    this.underruns = this.skips = this.skipped = this.stretches = this.stretched = this.overflow = this.played = 0;
    this.delay.reset();
  }

  private get rate() { return this.settings.sampleRate; }

  /** Frames queued, not yet played. */
  get queued() { return this.write - this.read; }

  /** The target playout delay over the baseline (ms). */
  targetMs(now: number): number {
    const s = this.settings;
    if (this.delay.count === 0) return s.startTargetMs;
    const t = this.delay.targetMs(now);
    return this.delay.count < s.settleChunks ? Math.max(t, s.startTargetMs) : t;
  }

  /** A chunk arrived at `now` (s): `data` interleaved stereo, its first sample at `pts` µs. */
  push(now: number, pts: number, data: Float32Array) {
    this.delay.add(now, pts / 1e6);
    const frames = data.length >> 1;
    const keep = this.stepFrames * 2 + this.fadeFrames; // played frames a repeat may go back to
    const over = this.write + frames - (this.read - keep) - this.capacity;
    if (over > 0) this.dropOldest(over);
    let w = this.write % this.capacity;
    for (let i = 0; i < frames; i++) {
      this.ring[2 * w] = data[2 * i];
      this.ring[2 * w + 1] = data[2 * i + 1];
      if (++w === this.capacity) w = 0;
    }
    this.marks.push({ index: this.write, pts, arrived: now });
    this.write += frames;
    while (this.next > 1 && this.marks[1].index <= this.read - keep) { this.marks.shift(); this.next--; }
  }

  private dropOldest(frames: number) {
    const n = Math.min(frames, this.queued);
    this.overflow += n;
    this.read += n;
    this.fadeIn = this.fadeFrames;
    this.xfLeft = 0;
    this.passMarks();
  }

  /** Chunk starts the read position jumped over are not reported. */
  private passMarks() {
    while (this.next < this.marks.length && this.marks[this.next].index < this.read) this.next++;
  }

  /** The pts (µs) of the frame at `index` (by the last chunk start at or before it); NaN when there is none. */
  private ptsAt(index: number): number {
    const m = this.marks;
    for (let i = Math.min(this.next, m.length - 1); i >= 0; i--) if (m[i].index <= index) return m[i].pts + ((index - m[i].index) / this.rate) * 1e6;
    return Number.NaN;
  }

  /** Playout delay over the baseline (ms) if the frame at the read position played at `now`. */
  private lagMs(now: number): number {
    const pts = this.ptsAt(this.read);
    const base = this.delay.baseline;
    if (Number.isNaN(pts) || Number.isNaN(base)) return Number.NaN;
    return (now - pts / 1e6 - base) * 1000;
  }

  private sample(index: number, channel: number): number {
    return this.ring[2 * (index % this.capacity) + channel];
  }

  /**
   * Renders `left.length` frames starting at `now` (s). Adjusts the playout delay (at the start of the block only),
   * then plays, reporting chunk starts.
   */
  render(now: number, left: Float32Array, right: Float32Array) {
    const n = left.length;
    const target = this.targetMs(now);
    const s = this.settings;
    if (!this.playing && this.queued > 0) {
      const lag = this.lagMs(now);
      const filled = !this.refilling || (this.queued / this.rate) * 1000 >= target * s.refillShare;
      if ((filled && !(lag < target - s.growToleranceMs)) || this.queued >= this.capacity / 2) {
        this.playing = true;
        this.refilling = false;
        this.fadeIn = this.fadeFrames;
        this.xfLeft = 0;
      }
    }
    let i = 0;
    if (this.playing) {
      if (this.xfLeft === 0) this.adjust(now, target);

      const rate = this.rate;
      for (; i < n; i++) {
        if (this.read >= this.write) break;
        const mark = this.marks[this.next];
        if (mark !== undefined && mark.index === this.read) { this.onPlay(mark.pts, now + i / rate, mark.arrived); this.next++; }
        let l = this.sample(this.read, 0), r = this.sample(this.read, 1);
        if (this.xfLeft > 0) {
          const w = this.xfLeft / (this.fadeFrames + 1); // weight of the old position, falling to 0
          l = l * (1 - w) + this.sample(this.xfFrom, 0) * w;
          r = r * (1 - w) + this.sample(this.xfFrom, 1) * w;
          this.xfFrom++;
          this.xfLeft--;
        }
        if (this.fadeIn > 0) {
          const g = 1 - this.fadeIn / (this.fadeFrames + 1);
          l *= g;
          r *= g;
          this.fadeIn--;
        }
        left[i] = l;
        right[i] = r;
        this.read++;
      }
      this.played += i;
      this.sinceAdjust += i;
      this.started = true;
      if (i < n) {
        // Ran dry while playing: an underrun. Fade out what this block played; wait for the target again.
        this.underruns++;
        this.playing = false;
        this.refilling = true;
        this.xfLeft = 0;
        const f = Math.min(i, this.fadeFrames);
        for (let k = 0; k < f; k++) {
          const g = (k + 1) / (f + 1);
          left[i - 1 - k] *= g;
          right[i - 1 - k] *= g;
        }
      }
    }
    for (; i < n; i++) left[i] = right[i] = 0;
  }

  /** A drop when the delay stands above the target, a repeat when below (one step, crossfaded). */
  private adjust(now: number, target: number) {
    const s = this.settings;
    const lag = this.lagMs(now);
    if (Number.isNaN(lag)) return;
    const excess = lag - target;
    const rate = this.rate;
    const need = this.fadeFrames + this.stepFrames * 2;
    const burst = excess > s.burstAboveMs;
    const every = burst ? s.burstEveryMs : excess > s.fastShrinkAboveMs ? s.fastShrinkEveryMs : s.shrinkEveryMs;
    const most = burst ? Math.round((s.burstStepMs / 1000) * rate) : this.stepFrames;
    if (excess > s.toleranceMs && this.sinceAdjust >= (every / 1000) * rate && this.queued > need + most * 2) {
      const step = Math.min(most, Math.round((excess / 1000) * rate));
      const offset = this.bestOffset(this.read, Math.max(1, step >> 1), step + (step >> 1));
      this.splice(this.read + offset);
      this.skips++;
      this.skipped += offset;
    } else if (excess < -s.growToleranceMs && this.sinceAdjust >= (s.growEveryMs / 1000) * rate && this.read - need >= 0 && this.queued > this.fadeFrames) {
      const step = Math.min(this.stepFrames, Math.round((-excess / 1000) * rate));
      const back = this.bestOffset(this.read, -(step + (step >> 1)), -Math.max(1, step >> 1));
      this.splice(this.read + back);
      this.stretches++;
      this.stretched -= back;
    }
  }

  /** The offset in [from, to] (frames) from `at` where the audio best continues what plays at `at` (by correlation). */
  private bestOffset(at: number, from: number, to: number): number {
    const len = this.fadeFrames;
    let best = from, bestScore = Number.NEGATIVE_INFINITY;
    for (let o = from; o <= to; o++) {
      if (o === 0) continue;
      let dot = 0, energy = 1e-9;
      for (let k = 0; k < len; k++) {
        const a = this.sample(at + k, 0) + this.sample(at + k, 1);
        const b = this.sample(at + o + k, 0) + this.sample(at + o + k, 1);
        dot += a * b;
        energy += b * b;
      }
      const score = dot / Math.sqrt(energy);
      if (score > bestScore) { bestScore = score; best = o; }
    }
    return best;
  }

  /** Continues playback from `to`, the audio at the current position fading out over the crossfade. */
  private splice(to: number) {
    this.xfFrom = this.read;
    this.xfLeft = this.fadeFrames;
    this.read = to;
    this.passMarks(); // a chunk start jumped over is not reported (one played again is not reported twice)
    this.sinceAdjust = 0;
  }

  stats(now: number): PlayoutStats {
    const ms = (frames: number) => (frames / this.rate) * 1000;
    return {
      depthMs: ms(this.queued),
      targetMs: this.targetMs(now),
      lagMs: this.playing ? this.lagMs(now) : Number.NaN,
      jitterMs: this.delay.quantileMs(),
      lastLateMs: this.delay.lastRelativeMs,
      underruns: this.underruns,
      skips: this.skips,
      skippedMs: ms(this.skipped),
      stretches: this.stretches,
      stretchedMs: ms(this.stretched),
      overflowMs: ms(this.overflow),
      playing: this.playing,
      started: this.started,
      playedMs: ms(this.played),
    };
  }
}
