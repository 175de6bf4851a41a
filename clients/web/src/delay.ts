// The jitter buffer's delay estimator, modelled on WebRTC NetEQ's: what target playout delay the arrivals need.
// Each chunk's delay is its arrival time minus its pts (an unknown constant apart: the two clocks' offset plus the
// pipeline's fastest run). Relative to the fastest delay seen over a sliding window (the "baseline"), that is how
// late the chunk came. A histogram of those relative delays, with a forgetting factor (old chunks weigh less and
// less), gives a high quantile; the target is that quantile plus a margin, clamped. A late peak (a chunk well later
// than that target) raises the target at once and holds it there for a while, so a repeated stall does not cost an
// underrun each time. When the baseline moves (a faster chunk, or the fastest one leaving the window), the kept
// relative delays and the peak are re-expressed against the new one. The start-up (the stages warming up, often
// slow) is forgotten faster and holds no peak, as NetEQ's start-up forgetting does; its delays then fade with the
// normal forgetting (a stall in the first seconds is evidence of what this machine does, not noise). Pure logic: times in seconds on the caller's clock (the AudioWorklet's currentTime).

export interface DelaySettings {
  quantile: number; // 0..1: the share of chunks that must be on time
  forgetting: number; // per chunk: how much the histogram keeps of its past (0.9993 ≈ the last 1400 chunks, 28 s: NetEQ's)
  startChunks: number; // the start-up (the stages warming up): for this many chunks, forget faster and hold no peak
  startForgetting: number;
  marginMs: number; // added to the quantile
  minTargetMs: number;
  maxTargetMs: number;
  baselineWindowS: number; // the fastest delay over this window counts as "on time"
  peakHoldS: number; // a late peak keeps the target up for this long
  peakAboveMs: number; // a peak: this much later than the quantile's target (the quantile's own tail is no peak)
  bumpHoldS: number; // a chunk later than the target, but no peak, keeps it up for this long
}

export const defaultDelaySettings: DelaySettings = {
  quantile: 0.99,
  forgetting: 0.9993,
  startChunks: 150,
  startForgetting: 0.97,
  marginMs: 6,
  minTargetMs: 20,
  maxTargetMs: 1000,
  baselineWindowS: 10,
  peakHoldS: 20,
  peakAboveMs: 10,
  bumpHoldS: 2,
};

const BIN_MS = 1;

export class DelayEstimator {
  private readonly bins: Float64Array;
  private total = 0;
  // Monotonic deque of (time, delay): increasing delays; its head is the window's minimum.
  private readonly minTimes: number[] = [];
  private readonly minDelays: number[] = [];
  private peakMs = 0;
  private peakAt = Number.NEGATIVE_INFINITY;
  private bumpMs = 0;
  private bumpAt = Number.NEGATIVE_INFINITY;
  private lastRelative = 0; // ms
  private samples = 0;
  private shiftCarry = 0; // ms of baseline moves not yet applied to the histogram (under one bin)

  constructor(readonly settings: DelaySettings = defaultDelaySettings) {
    this.bins = new Float64Array(Math.ceil(settings.maxTargetMs / BIN_MS) + 1);
  }

  reset() {
    this.bins.fill(0);
    this.total = 0;
    this.minTimes.length = 0;
    this.minDelays.length = 0;
    this.peakMs = 0;
    this.peakAt = Number.NEGATIVE_INFINITY;
    this.bumpMs = 0;
    this.bumpAt = Number.NEGATIVE_INFINITY;
    this.samples = 0;
    this.shiftCarry = 0;
  }

  /** Chunks seen since the reset. */
  get count() { return this.samples; }

  /** The fastest delay (s) over the window; NaN before the first chunk. */
  get baseline(): number { return this.minDelays.length ? this.minDelays[0] : Number.NaN; }

  /** How late (ms) the last chunk came, over the baseline. */
  get lastRelativeMs() { return this.lastRelative; }

  /** A chunk arrived at `now` (s) whose pts is `pts` (s); returns how late it came over the baseline (ms). */
  add(now: number, pts: number): number {
    const delay = now - pts;
    const s = this.settings;
    const before = this.baseline;
    while (this.minTimes.length && now - this.minTimes[0] > s.baselineWindowS) { this.minTimes.shift(); this.minDelays.shift(); }
    while (this.minDelays.length && this.minDelays[this.minDelays.length - 1] >= delay) { this.minTimes.pop(); this.minDelays.pop(); }
    this.minTimes.push(now);
    this.minDelays.push(delay);
    if (!Number.isNaN(before)) this.rebase((before - this.minDelays[0]) * 1000);
    const relative = (delay - this.minDelays[0]) * 1000;
    this.lastRelative = relative;
    this.samples++;
    const starting = this.samples <= s.startChunks;
    const f = starting ? s.startForgetting : s.forgetting;
    for (let i = 0; i < this.bins.length; i++) this.bins[i] *= f;
    this.bins[Math.min(this.bins.length - 1, Math.floor(relative / BIN_MS))] += 1 - f;
    this.total = this.total * f + (1 - f);
    // Later than the target would have allowed: the target follows at once. A peak (well later) is held long, so a
    // stall that comes back costs no second underrun; the quantile's own tail only briefly.
    const q = this.quantileTarget();
    if (!starting && relative + s.marginMs > q) {
      // Only a comparable one renews a hold (half the held peak; the held bump itself), or holds would never end.
      if (relative > q + s.peakAboveMs) {
        const expired = now - this.peakAt > s.peakHoldS;
        if (expired || relative >= this.peakMs / 2) this.peakAt = now;
        if (expired || relative > this.peakMs) this.peakMs = relative;
      }
      if (now - this.bumpAt > s.bumpHoldS || relative >= this.bumpMs) {
        this.bumpMs = relative;
        this.bumpAt = now;
      }
    }
    return relative;
  }

  /** The baseline fell by `ms` (rose when negative): what was kept is that much later (earlier) over it. */
  private rebase(ms: number) {
    if (ms === 0) return;
    this.peakMs = Math.max(0, this.peakMs + ms);
    this.bumpMs = Math.max(0, this.bumpMs + ms);
    this.shiftCarry += ms / BIN_MS;
    const k = Math.trunc(this.shiftCarry);
    if (k === 0) return;
    this.shiftCarry -= k;
    const b = this.bins, n = b.length;
    if (k > 0) {
      for (let i = n - 1; i >= 0; i--) {
        const v = b[i];
        b[i] = 0;
        b[Math.min(n - 1, i + k)] += v;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const v = b[i];
        b[i] = 0;
        b[Math.max(0, i + k)] += v;
      }
    }
  }

  /** The q-quantile (0..1) of the relative delays (ms), by the forgetting histogram. */
  quantileMs(q = this.settings.quantile): number {
    if (this.total <= 0) return 0;
    const want = q * this.total;
    let sum = 0;
    for (let i = 0; i < this.bins.length; i++) {
      sum += this.bins[i];
      if (sum >= want) return (i + 1) * BIN_MS;
    }
    return this.bins.length * BIN_MS;
  }

  private quantileTarget(): number {
    const s = this.settings;
    return Math.min(s.maxTargetMs, Math.max(s.minTargetMs, this.quantileMs() + s.marginMs));
  }

  /** The target playout delay over the baseline (ms) at `now`: the quantile + margin, or a recent peak + margin. */
  targetMs(now: number): number {
    const s = this.settings;
    let t = this.quantileTarget();
    if (now - this.peakAt <= s.peakHoldS) t = Math.max(t, Math.min(s.maxTargetMs, this.peakMs + s.marginMs));
    if (now - this.bumpAt <= s.bumpHoldS) t = Math.max(t, Math.min(s.maxTargetMs, this.bumpMs + s.marginMs));
    return t;
  }
}
