// The page's latency budget hop by hop: the stamps each audio chunk carries back (HopTimes, protos/expotion/v1/
// common.proto: the newest frame rendered into it, stamped by the page, the gateway and every stage) plus what the
// page adds: when the chunk arrived, reached the AudioWorklet, had its first sample played (rendered: out of the
// jitter buffer) and heard (by AudioContext.getOutputTimestamp: measured, where outputLatency is only stated). All in µs since the Unix epoch: the page's performance.timeOrigin + now and
// the server's wall clock, which on loopback are the same machine's clock. p50/p99 per hop over a bounded window.
import { SampleWindow } from "./stats";

export interface HopStamps {
  captureUs: number;
  callbackUs: number; // the page got the frame (page-local: not in HopTimes, looked up by the frame's pts)
  encodeUs: number;
  sendUs: number;
  gatewayInUs: number;
  visionInUs: number;
  visionOutUs: number;
  smoothingOutUs: number;
  musicOutUs: number;
  gatewayOutUs: number;
  arrivalUs: number; // the page got the chunk
  queuedUs: number; // ... and the jitter buffer (the AudioWorklet) got it
  playedUs: number; // its first sample left the jitter buffer (was rendered)
  heardUs: number; // ... and reached the speaker (AudioContext.getOutputTimestamp)
}

type Stamp = keyof HopStamps;

/**
 * The hops in path order: name, from, to. A hop is measured when both stamps are set (non-zero). Indented rows are
 * parts of the hop above them (the page's own finer stamps).
 */
export const HOPS: readonly (readonly [string, Stamp, Stamp])[] = [
  ["capture → encoded", "captureUs", "encodeUs"],
  ["  capture → frame callback", "captureUs", "callbackUs"],
  ["  frame callback → encoded", "callbackUs", "encodeUs"],
  ["encoded → sent", "encodeUs", "sendUs"],
  ["sent → gateway", "sendUs", "gatewayInUs"],
  ["gateway → vision in", "gatewayInUs", "visionInUs"],
  ["vision in → out", "visionInUs", "visionOutUs"],
  ["vision → smoothing out", "visionOutUs", "smoothingOutUs"],
  ["smoothing → music out", "smoothingOutUs", "musicOutUs"],
  ["music → gateway out", "musicOutUs", "gatewayOutUs"],
  ["gateway → page", "gatewayOutUs", "arrivalUs"],
  ["page → played (jitter buffer)", "arrivalUs", "playedUs"],
  ["  waiting in the worklet", "queuedUs", "playedUs"],
  ["played → heard (output)", "playedUs", "heardUs"],
  ["capture → arrival", "captureUs", "arrivalUs"],
  ["capture → heard", "captureUs", "heardUs"],
];

export interface HopFigure { hop: string; p50: number; p99: number; samples: number }

export class HopBudget {
  private readonly windows = HOPS.map(() => new SampleWindow(3000));

  /** Records what is set in `t` (ms per hop). */
  add(t: Partial<HopStamps>) {
    HOPS.forEach(([, from, to], i) => {
      const a = t[from], b = t[to];
      if (a && b) this.windows[i].add((b - a) / 1000);
    });
  }

  clear() { this.windows.forEach((w) => w.clear()); }

  /** p50 / p99 (ms) of every hop with samples, in path order. */
  summary(): HopFigure[] {
    return HOPS.map(([hop], i) => ({ hop, p50: this.windows[i].p(50), p99: this.windows[i].p(99), samples: this.windows[i].count }))
      .filter((h) => h.samples > 0);
  }
}

/** Epoch µs now, on the page's clock. */
export function epochUs(): number { return (performance.timeOrigin + performance.now()) * 1000; }
