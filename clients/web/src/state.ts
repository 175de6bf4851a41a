// Everything the page measures, in one object: shown on the page and read by the browser tests as window.expotion.
export const state = {
  status: "idle",
  message: "",
  connected: false,
  connections: 0,
  framesSent: 0,
  framesSkipped: 0,
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
  latenciesMs: [] as number[], // capture → heard (includes the jitter buffer and the output latency)
  arrivalMs: [] as number[], // capture → chunk arrived at the page (pipeline + network)
  latencyP50: 0,
  latencyP99: 0,
  fpsSent: 0,
  fpsProcessed: 0,
  bufferMs: 0,
  targetMs: 0,
  underruns: 0,
  trimmedMs: 0,
  playing: false,
  playedMs: 0,
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
