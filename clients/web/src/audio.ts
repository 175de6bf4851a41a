// The audio output: an AudioContext (latencyHint "interactive" unless the page is told otherwise) with the jitter
// buffer worklet (worklet.ts) in it.
// Chunks go in (at the context's rate, interleaved stereo); the worklet says when each chunk starts playing,
// mapped here to when it is heard (performance.now() time, through getOutputTimestamp).
import { resample, toStereo } from "./resample";

import type { PlayoutStats } from "./playout";

export interface AudioEvents {
  /**
   * The first sample of the chunk at `pts` (µs), which reached the worklet at `queuedAt`, left the jitter buffer at
   * `playedAt` and is heard at `heardAt` (performance.now() times).
   */
  heard(pts: number, heardAt: number, playedAt: number, queuedAt: number): void;
  stats(s: PlayoutStats): void;
  /** How far the context's clock fell behind the page's since the start (ms): audio the platform did not play in time. */
  clockLag(ms: number): void;
}

export class AudioOut {
  private constructor(readonly ctx: AudioContext, readonly node: AudioWorkletNode, private readonly events: AudioEvents) {
    node.port.onmessage = (e) => this.onMessage(e.data);
  }

  private clockStart: { perf: number; ctx: number } | undefined;
  // performance.now() − context time (ms) of the worklet's recent stats messages (sent at the start of a quantum):
  // the smallest is the clocks' offset (a message cannot arrive before it is sent; the fastest arrives at once).
  private readonly offsets: number[] = [];

  static async open(latencyHint: AudioContextLatencyCategory | number, events: AudioEvents): Promise<AudioOut> {
    const ctx = new AudioContext({ latencyHint });
    await ctx.audioWorklet.addModule("worklet.js");
    const node = new AudioWorkletNode(ctx, "expotion-jitter-buffer", { numberOfInputs: 0, outputChannelCount: [2] });
    node.connect(ctx.destination);
    return new AudioOut(ctx, node, events);
  }

  get sampleRate() { return this.ctx.sampleRate; }

  /** AudioContext.outputLatency + baseLatency, in ms (what the platform adds after the worklet). */
  get outputLatencyMs() { return ((this.ctx.outputLatency || 0) + (this.ctx.baseLatency || 0)) * 1000; }

  resume() { return this.ctx.resume(); }

  reset() { this.node.port.postMessage({ type: "reset" }); }

  /** A chunk from the gateway: float32 samples, `channels` interleaved, at `rate`; pts in µs. */
  play(pts: number, samples: Float32Array, channels: number, rate: number) {
    const stereo = toStereo(samples, channels);
    const data = resample(stereo, rate, this.ctx.sampleRate);
    this.node.port.postMessage({ type: "chunk", pts, data }, [data.buffer]);
  }

  /** Adds one message's offset; the smallest over the last ~2 s. */
  private offset(sample: number): number {
    this.offsets.push(sample);
    if (this.offsets.length > 60) this.offsets.shift();
    return Math.min(...this.offsets);
  }

  private onMessage(m: { type: string; pts: number; at: number; arrived: number } & PlayoutStats) {
    if (m.type === "play") {
      // Context times to performance.now() times. Played: through the clocks' offset (when the quantum was rendered).
      // Heard: through the output timestamp (the context time reaching the speaker now), else the stated latencies.
      const ctx = this.ctx;
      const played = m.at * 1000 + (this.offsets.length ? Math.min(...this.offsets) : performance.now() - ctx.currentTime * 1000);
      const ts = ctx.getOutputTimestamp();
      const heard = ts.performanceTime && ts.contextTime
        ? ts.performanceTime + (m.at - ts.contextTime) * 1000
        : played + this.outputLatencyMs;
      this.events.heard(m.pts, heard, played, played - (m.at - m.arrived) * 1000);
    } else if (m.type === "stats") {
      this.events.stats(m);
      const now = performance.now();
      this.offset(now - m.at * 1000);
      this.clockStart ??= { perf: now, ctx: m.at };
      this.events.clockLag(now - this.clockStart.perf - (m.at - this.clockStart.ctx) * 1000);
    }
  }
}
