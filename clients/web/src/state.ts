import type { HopFigure } from "./hops";

// Everything the page measures, in one object: shown on the page and read by the browser tests as window.expotion.
export const state = {
  status: "idle",
  message: "",
  connected: false,
  connections: 0,
  framesSent: 0,
  framesSkipped: 0, // not sent: the previous encode was still in flight, or the socket was backed up
  framesSkippedEncoder: 0,
  framesSkippedSocket: 0,
  frameWidth: 0, // what the page sends (the vision stage's analysis width; more when face/pose features are on)
  frameHeight: 0,
  featuresIn: 0,
  lastFeaturePts: -1,
  featuresOutOfOrder: 0,
  audioChunks: 0,
  audioMs: 0,
  sampleRate: 0,
  serverSampleRate: 0,
  tempoBpm: 0,
  tempoSource: "",
  beats: 0,
  accents: 0,
  style: "",
  styles: [] as string[],
  energy: 0,
  flow: [0, 0] as [number, number],
  // Face and body, when the vision service sends them (Vision__PersonFeatures=true): the slots by name.
  person: null as Record<string, number> | null,
  expression: "",
  // capture → heard: when the audio for time t is heard − when the frame at time t was captured (includes the
  // jitter buffer and the output latency); arrival: the same up to the chunk's arrival at the page.
  latenciesMs: [] as number[],
  arrivalMs: [] as number[],
  latencyP50: 0,
  latencyP99: 0,
  fpsSent: 0,
  fpsProcessed: 0,
  arrivalP50: 0,
  arrivalP99: 0,
  // The jitter buffer (playout.ts): depth queued, the target and the playout delay over the fastest arrival, the
  // measured jitter (its quantile), drops (skips) and repeats (stretches) that keep the delay at the target.
  bufferMs: 0,
  targetMs: 0,
  lagMs: 0,
  jitterMs: 0,
  underruns: 0,
  skips: 0,
  skippedMs: 0,
  stretches: 0,
  stretchedMs: 0,
  overflowMs: 0,
  playing: false,
  playedMs: 0,
  outputLatencyMs: 0, // AudioContext.outputLatency + baseLatency
  baseLatencyMs: 0,
  audioClockLagMs: 0, // how far the context's clock fell behind the page's: output the platform glitched (not counted as underruns)
  // Every 500 ms: [played s, target, delay over the fastest arrival, depth, last chunk's lateness] (ms), the last 240.
  trace: [] as number[][],
  hops: [] as HopFigure[], // the latency budget hop by hop (hops.ts), p50/p99 ms
  closeReason: "",
  // Ensembles: the session joined ("" alone), who this page is in it, the cast and the members with their motion meters.
  session: "",
  sessionMe: "",
  sessionRoles: "",
  sessionMembers: [] as { name: string; role: string; motion: number }[],
  // The last 1500 audio chunks as [pts µs, content id] (session.ts chunkId): members of one session hear the same ids.
  chunkIds: [] as number[][],
  events: [] as string[],
  recording: false,
};

export type PageState = typeof state;

(globalThis as unknown as { expotion: PageState }).expotion = state;
