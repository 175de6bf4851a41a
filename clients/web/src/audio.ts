// The audio output: an AudioContext ("interactive" latency) with the jitter buffer worklet (worklet.ts) in it.
// Chunks go in (at the context's rate, interleaved stereo); the worklet says when each chunk starts playing,
// mapped here to when it is heard (performance.now() time, through getOutputTimestamp).
import { resample, toStereo } from "./resample";

export interface WorkletStats {
  depthMs: number;
  targetMs: number;
  underruns: number;
  trimmedMs: number;
  playing: boolean;
  playedMs: number;
}

export interface AudioEvents {
  /** The first sample of the chunk at `pts` (µs) is heard at `heardAt` (performance.now() time). */
  heard(pts: number, heardAt: number): void;
  stats(s: WorkletStats): void;
}

export class AudioOut {
  private constructor(readonly ctx: AudioContext, readonly node: AudioWorkletNode, private readonly events: AudioEvents) {
    node.port.onmessage = (e) => this.onMessage(e.data);
  }

  static async open(events: AudioEvents): Promise<AudioOut> {
    const ctx = new AudioContext({ latencyHint: "interactive" });
    await ctx.audioWorklet.addModule("worklet.js");
    const node = new AudioWorkletNode(ctx, "expotion-jitter-buffer", { numberOfInputs: 0, outputChannelCount: [2] });
    node.connect(ctx.destination);
    return new AudioOut(ctx, node, events);
  }

  get sampleRate() { return this.ctx.sampleRate; }

  /** AudioContext.outputLatency + baseLatency, in ms (what the platform adds after the worklet). */
  get outputLatencyMs() { return ((this.ctx.outputLatency || 0) + (this.ctx.baseLatency || 0)) * 1000; }

  resume() { return this.ctx.resume(); }

  reset(targetMs?: number) { this.node.port.postMessage({ type: "reset", targetMs }); }

  /** A chunk from the gateway: float32 samples, `channels` interleaved, at `rate`; pts in µs. */
  play(pts: number, samples: Float32Array, channels: number, rate: number) {
    const stereo = toStereo(samples, channels);
    const data = resample(stereo, rate, this.ctx.sampleRate);
    this.node.port.postMessage({ type: "chunk", pts, data }, [data.buffer]);
  }

  private onMessage(m: { type: string; pts: number; at: number } & WorkletStats) {
    if (m.type === "play") {
      // When this chunk's first sample reaches the speaker, in performance.now() time.
      const ctx = this.ctx;
      const ts = ctx.getOutputTimestamp();
      const heard = ts.performanceTime && ts.contextTime !== undefined
        ? ts.performanceTime + (m.at - ts.contextTime) * 1000
        : performance.now() + (m.at - ctx.currentTime + ctx.baseLatency + (ctx.outputLatency || 0)) * 1000;
      this.events.heard(m.pts, heard);
    } else if (m.type === "stats") {
      this.events.stats(m);
    }
  }
}
