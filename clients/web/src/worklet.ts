// The jitter buffer: an AudioWorkletProcessor that queues the gateway's audio chunks (already at the
// context's sample rate, interleaved stereo float32) and plays them back to back.
//  - It starts (and restarts after an underrun) once `target` seconds are queued (100 ms at first).
//  - An underrun (the queue runs dry while playing) is counted and raises the target by 60 ms (at most 800 ms).
//  - Ten seconds without an underrun lower the target by 10 ms (at least 40 ms).
//  - When a burst (after a stall upstream) leaves more than target + 500 ms queued, the oldest audio is
//    skipped down to target + 100 ms (counted as "trimmed"), so latency does not creep up.
//  - A standing queue is drained too: when the smallest depth seen over 2 s stays more than 100 ms above the
//    target (audio that arrived early at start-up, or a burst under 500 ms), the excess over target + 50 ms is
//    skipped once (counted as "trimmed"), so the latency a run settles on does not depend on how it started.
//  - Every skip fades the next 5 ms in, so it is not heard as a click.
// Every ~50 ms it reports its depth, counters and the pts of the sample at the head of the queue.

declare const sampleRate: number;
declare const currentTime: number;
declare function registerProcessor(name: string, ctor: unknown): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}

interface Chunk {
  pts: number; // µs of the first sample
  data: Float32Array; // interleaved stereo
  offset: number; // next sample frame to play
}

class JitterBuffer extends AudioWorkletProcessor {
  private queue: Chunk[] = [];
  private queued = 0; // sample frames
  private playing = false;
  private target = 0.1 * sampleRate;
  private underruns = 0;
  private trimmed = 0;
  private started = false;
  private lastUnderrun = 0;
  private lastReport = 0;
  private played = 0;
  private maxTarget = 0.8 * sampleRate;
  private minTarget = 0.04 * sampleRate;
  private windowStart = 0;
  private windowMin = Number.POSITIVE_INFINITY;
  private fade = 0; // frames of fade-in left after a skip
  private readonly fadeFrames = Math.round(0.005 * sampleRate);

  constructor() {
    super();
    this.port.onmessage = (e: MessageEvent) => {
      const m = e.data;
      if (m.type === "chunk") {
        this.queue.push({ pts: m.pts, data: m.data as Float32Array, offset: 0 });
        this.queued += (m.data as Float32Array).length / 2;
        this.trim();
      } else if (m.type === "reset") {
        this.queue = [];
        this.queued = 0;
        this.playing = false;
        this.started = false;
        this.underruns = 0;
        this.trimmed = 0;
        this.played = 0;
        this.windowMin = Number.POSITIVE_INFINITY;
        this.windowStart = currentTime;
        this.target = (m.targetMs ?? 100) / 1000 * sampleRate;
      }
    };
  }

  private trim() {
    const excess = this.queued - (this.target + 0.5 * sampleRate);
    if (!this.playing || excess <= 0) return;
    this.skip(Math.floor(this.queued - this.target - 0.1 * sampleRate));
  }

  // Called once per render quantum while playing: drains a queue that stood above the target for 2 s.
  private drainStanding() {
    this.windowMin = Math.min(this.windowMin, this.queued);
    if (currentTime - this.windowStart < 2) return;
    const standing = this.windowMin - this.target;
    this.windowStart = currentTime;
    this.windowMin = Number.POSITIVE_INFINITY;
    if (standing > 0.1 * sampleRate) this.skip(Math.floor(standing - 0.05 * sampleRate));
  }

  private skip(frames: number) {
    let drop = Math.min(frames, this.queued);
    if (drop <= 0) return;
    this.trimmed += drop;
    this.fade = this.fadeFrames;
    while (drop > 0 && this.queue.length > 0) {
      const c = this.queue[0];
      const left = c.data.length / 2 - c.offset;
      const n = Math.min(left, drop);
      c.offset += n;
      drop -= n;
      this.queued -= n;
      if (c.offset * 2 >= c.data.length) this.queue.shift();
    }
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const out = outputs[0];
    const left = out[0];
    const right = out.length > 1 ? out[1] : out[0];
    const n = left.length;
    if (!this.playing && this.queued >= this.target) this.playing = true;
    let i = 0;
    if (this.playing) {
      while (i < n && this.queue.length > 0) {
        const c = this.queue[0];
        if (c.offset === 0) this.port.postMessage({ type: "play", pts: c.pts, at: currentTime + i / sampleRate });
        const frames = Math.min(n - i, c.data.length / 2 - c.offset);
        for (let k = 0; k < frames; k++) {
          let g = 1;
          if (this.fade > 0) g = 1 - this.fade-- / this.fadeFrames;
          left[i + k] = g * c.data[(c.offset + k) * 2];
          right[i + k] = g * c.data[(c.offset + k) * 2 + 1];
        }
        c.offset += frames;
        i += frames;
        this.queued -= frames;
        if (c.offset * 2 >= c.data.length) this.queue.shift();
      }
      this.played += i;
      this.started = true;
      if (i === n) this.drainStanding();
      if (i < n) {
        // Ran dry while playing: an underrun. Rebuffer to a larger target.
        this.underruns++;
        this.playing = false;
        this.windowMin = Number.POSITIVE_INFINITY;
        this.windowStart = currentTime;
        this.lastUnderrun = currentTime;
        this.target = Math.min(this.maxTarget, this.target + 0.06 * sampleRate);
      } else if (currentTime - this.lastUnderrun > 10 && this.target > this.minTarget) {
        this.lastUnderrun = currentTime;
        this.target = Math.max(this.minTarget, this.target - 0.01 * sampleRate);
      }
    }
    for (; i < n; i++) {
      left[i] = 0;
      if (right !== left) right[i] = 0;
    }
    if (currentTime - this.lastReport >= 0.05) {
      this.lastReport = currentTime;
      const head = this.queue[0];
      this.port.postMessage({
        type: "stats",
        depthMs: (this.queued / sampleRate) * 1000,
        targetMs: (this.target / sampleRate) * 1000,
        underruns: this.underruns,
        trimmedMs: (this.trimmed / sampleRate) * 1000,
        playing: this.playing,
        started: this.started,
        playedMs: (this.played / sampleRate) * 1000,
        headPts: head ? head.pts + (head.offset / sampleRate) * 1e6 : -1,
        at: currentTime,
      });
    }
    return true;
  }
}

registerProcessor("expotion-jitter-buffer", JitterBuffer);
