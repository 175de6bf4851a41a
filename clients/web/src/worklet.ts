// The jitter buffer's AudioWorklet glue: chunks from the page (already at the context's sample rate, interleaved
// stereo float32) go into a Playout (playout.ts: the adaptive target of delay.ts, drops and repeats with crossfades,
// underruns); each render quantum plays from it. A chunk's arrival time is the worklet's currentTime when its message
// is handled, the clock the playout runs on. The page hears when each chunk starts playing and when it came ("play", in
// context time) and, every ~50 ms, the counters ("stats").
import { Playout } from "./playout";

declare const sampleRate: number;
declare const currentTime: number;
declare function registerProcessor(name: string, ctor: unknown): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}

class JitterBuffer extends AudioWorkletProcessor {
  private readonly playout = new Playout({ sampleRate }, (pts, at, arrived) => this.port.postMessage({ type: "play", pts, at, arrived }));
  private lastReport = 0;

  constructor() {
    super();
    this.port.onmessage = (e: MessageEvent) => {
      const m = e.data;
      if (m.type === "chunk") this.playout.push(currentTime, m.pts, m.data as Float32Array);
      else if (m.type === "reset") this.playout.reset();
    };
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const out = outputs[0];
    this.playout.render(currentTime, out[0], out.length > 1 ? out[1] : out[0]);
    if (currentTime - this.lastReport >= 0.05) {
      this.lastReport = currentTime;
      this.port.postMessage({ type: "stats", ...this.playout.stats(currentTime), at: currentTime });
    }
    return true;
  }
}

registerProcessor("expotion-jitter-buffer", JitterBuffer);
