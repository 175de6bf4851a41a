// The live page: camera frames + a prompt in, music out, over the gateway's WebSocket (/perform),
// which carries Pipeline.Perform messages (one protobuf message per binary WebSocket message).
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { AudioEncoding, PixelFormat, type FeatureSchema, type MusicEvent } from "./gen/expotion/v1/common_pb";
import { SmoothingMode } from "./gen/expotion/v1/smoothing_pb";
import { PerformRequestSchema, PerformResponseSchema, type PerformResponse } from "./gen/expotion/v1/pipeline_pb";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const startButton = $<HTMLButtonElement>("start");
const recordButton = $<HTMLButtonElement>("record");
const promptBox = $<HTMLInputElement>("prompt");
const applyButton = $<HTMLButtonElement>("apply");
const video = $<HTMLVideoElement>("preview");
const overlay = $<HTMLCanvasElement>("overlay");
const statusLine = $<HTMLDivElement>("status");
const log = $<HTMLOListElement>("events");
const beatLight = $<HTMLDivElement>("beat");
const fields = {
  tempo: $("tempo"), style: $("style"), chord: $("chord"), energy: $("energy"), latency: $("latency"),
  fps: $("fps"), buffer: $("buffer"), underruns: $("underruns"), face: $("face"),
};

const FPS = 15; // frames sent per second (the vision service works at this rate or below)
const FRAME_WIDTH = 320;
const CHUNK_MS = 40;

/** Everything the page measures; read by the browser tests as window.expotion. */
const state = {
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
  events: [] as string[],
  recording: false,
};
(window as unknown as { expotion: typeof state }).expotion = state;

let ctx: AudioContext | undefined;
let node: AudioWorkletNode | undefined;
let stream: MediaStream | undefined;
let socket: WebSocket | undefined;
let streamStart = 0; // performance.now() at pts 0
let lastSent = -1e9;
let lastPts = -1;
let encoding = false;
let running = false;
let retry = 0;
let retryTimer: number | undefined;
let schema: FeatureSchema | undefined;
let energyIndex = -1, dxIndex = -1, dyIndex = -1;
let personSlots: [string, number][] = []; // (name, index) of the face.*, expr.* and pose.* slots
const EXPRESSIONS = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"];
const beatQueue: { pts: number; accent: boolean }[] = []; // beats (pts in µs) not yet heard
let playhead = { pts: -1, perf: 0 };
let recorder: MediaRecorder | undefined;
let recordDest: MediaStreamAudioDestinationNode | undefined;
const canvas = new OffscreenCanvas(FRAME_WIDTH, 240);
const canvas2d = canvas.getContext("2d")!;

function say(status: string, message: string) {
  state.status = status;
  state.message = message;
  statusLine.textContent = message;
  statusLine.dataset.status = status;
}

function note(text: string) {
  state.events.push(text);
  if (state.events.length > 500) state.events.shift();
  const li = document.createElement("li");
  li.textContent = text;
  log.prepend(li);
  while (log.children.length > 40) log.lastElementChild!.remove();
}

startButton.onclick = async () => {
  if (running) return stop();
  startButton.disabled = true;
  try {
    await start();
  } finally {
    startButton.disabled = false;
  }
};

async function start() {
  say("starting", "Asking for the camera…");
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480, frameRate: 30 }, audio: false });
  } catch (e) {
    const name = (e as DOMException).name;
    const text = name === "NotAllowedError" || name === "SecurityError"
      ? "Camera access was denied. Allow the camera for this page (the camera icon in the address bar), then press Start again."
      : name === "NotFoundError" || name === "OverconstrainedError"
        ? "No camera was found. Connect a camera, then press Start again."
        : `The camera could not be opened (${name}): ${(e as Error).message}`;
    say("camera-error", text);
    return;
  }
  video.srcObject = stream;
  await video.play();
  if (!ctx) {
    ctx = new AudioContext({ latencyHint: "interactive" });
    await ctx.audioWorklet.addModule("worklet.js");
    node = new AudioWorkletNode(ctx, "expotion-jitter-buffer", { numberOfInputs: 0, outputChannelCount: [2] });
    node.connect(ctx.destination);
    node.port.onmessage = onWorklet;
  }
  await ctx.resume();
  state.sampleRate = ctx.sampleRate;
  running = true;
  startButton.textContent = "Stop";
  recordButton.disabled = false;
  video.requestVideoFrameCallback(onFrame);
  requestAnimationFrame(draw);
  connect();
}

function stop() {
  running = false;
  clearTimeout(retryTimer);
  if (recorder?.state === "recording") recorder.stop();
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(toBinary(PerformRequestSchema, create(PerformRequestSchema, { kind: { case: "end", value: {} } })));
    socket.close(1000, "stopped");
  }
  socket = undefined;
  stream?.getTracks().forEach((t) => t.stop());
  node?.port.postMessage({ type: "reset" });
  startButton.textContent = "Start";
  recordButton.disabled = true;
  say("stopped", "Stopped.");
}

function connect() {
  if (!running) return;
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/perform`;
  // With auth on, open the page as /?token=<token>: the token goes as a WebSocket subprotocol (browsers cannot set
  // headers on a WebSocket), which the gateway checks; without one the socket opens as before.
  const token = new URLSearchParams(location.search).get("token");
  const ws = token ? new WebSocket(url, ["expotion", `expotion.token.${token}`]) : new WebSocket(url);
  ws.binaryType = "arraybuffer";
  socket = ws;
  say("connecting", retry === 0 ? "Connecting to the server…" : "Reconnecting to the server…");
  ws.onopen = () => {
    if (socket !== ws) return;
    retry = 0;
    state.connected = true;
    state.connections++;
    node!.port.postMessage({ type: "reset", targetMs: 100 });
    beatQueue.length = 0;
    streamStart = performance.now();
    lastPts = -1;
    lastSent = -1e9;
    state.lastFeaturePts = -1;
    ws.send(toBinary(PerformRequestSchema, create(PerformRequestSchema, {
      kind: {
        case: "config",
        value: {
          vision: { analysisWidth: 160 },
          smoothing: { mode: SmoothingMode.CAUSAL }, // the stage's default time constant (20 ms): strikes survive it
          music: {
            prompt: promptBox.value,
            sampleRate: ctx!.sampleRate, // negotiated: the conductor renders at the page's rate
            channels: 2,
            chunkMs: CHUNK_MS,
            encoding: AudioEncoding.PCM_F32LE,
          },
          includeFeatures: true,
        },
      },
    })));
    say("playing", "Playing: move to the music.");
  };
  ws.onmessage = (e) => onResponse(fromBinary(PerformResponseSchema, new Uint8Array(e.data as ArrayBuffer)));
  ws.onclose = (e) => {
    if (socket !== ws) return;
    state.connected = false;
    socket = undefined;
    state.closeReason = e.reason || `code ${e.code}`;
    if (!running) return;
    const delay = Math.min(5000, 500 * 2 ** retry++);
    const why = e.code === 1006 ? "The connection to the server was lost (or the server is down)."
      : e.code === 1013 ? `A service is unavailable (${e.reason}).`
        : e.code === 1000 ? "The server ended the stream."
          : `The server closed the stream: ${e.reason || e.code}.`;
    say("reconnecting", `${why} Reconnecting in ${(delay / 1000).toFixed(1)} s…`);
    retryTimer = setTimeout(connect, delay) as unknown as number;
  };
}

// Frames: requestVideoFrameCallback; the next callback is requested before the encode is awaited.
async function onFrame(now: DOMHighResTimeStamp, meta: VideoFrameCallbackMetadata) {
  if (!running) return;
  video.requestVideoFrameCallback(onFrame);
  const ws = socket;
  if (!ws || ws.readyState !== WebSocket.OPEN || !state.connected) return;
  const captured = meta.captureTime ?? now;
  if (captured - lastSent < 1000 / FPS - 4) return;
  if (encoding || ws.bufferedAmount > 256 * 1024) { state.framesSkipped++; return; }
  lastSent = captured;
  const pts = Math.max(lastPts + 1, Math.round((captured - streamStart) * 1000));
  if (pts < 0) return;
  lastPts = pts;
  encoding = true;
  try {
    const h = Math.round((FRAME_WIDTH * video.videoHeight) / video.videoWidth / 2) * 2 || 240;
    if (canvas.height !== h) canvas.height = h;
    canvas2d.drawImage(video, 0, 0, FRAME_WIDTH, h);
    const blob = await canvas.convertToBlob({ type: "image/jpeg", quality: 0.75 });
    const data = new Uint8Array(await blob.arrayBuffer());
    if (socket !== ws || ws.readyState !== WebSocket.OPEN) return;
    ws.send(toBinary(PerformRequestSchema, create(PerformRequestSchema, {
      kind: { case: "frame", value: { ptsUs: BigInt(pts), width: FRAME_WIDTH, height: h, format: PixelFormat.JPEG, data } },
    })));
    state.framesSent++;
    sentTimes.push(performance.now());
  } finally {
    encoding = false;
  }
}

const sentTimes: number[] = [];
const processedTimes: number[] = [];

function onResponse(r: PerformResponse) {
  const k = r.kind;
  switch (k.case) {
    case "audio": {
      const a = k.value;
      const pts = Number(a.ptsUs);
      const arrival = performance.now();
      state.arrivalMs.push(arrival - (streamStart + pts / 1000));
      if (state.arrivalMs.length > 5000) state.arrivalMs.shift();
      state.serverSampleRate = a.sampleRate;
      const bytes = a.data;
      const samples = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      const stereo = toStereo(samples, a.channels);
      const data = a.sampleRate === ctx!.sampleRate ? stereo : resample(stereo, a.sampleRate, ctx!.sampleRate);
      state.audioChunks++;
      state.audioMs += (a.frames / a.sampleRate) * 1000;
      node!.port.postMessage({ type: "chunk", pts, data }, [data.buffer]);
      recent.push({ pts, arrival });
      break;
    }
    case "event":
      onEvent(k.value);
      break;
    case "features": {
      const f = k.value;
      const pts = Number(f.ptsUs);
      if (pts <= state.lastFeaturePts) state.featuresOutOfOrder++;
      state.lastFeaturePts = pts;
      state.featuresIn++;
      processedTimes.push(performance.now());
      if (energyIndex >= 0) state.energy = f.values[energyIndex];
      if (dxIndex >= 0 && dyIndex >= 0) state.flow = [f.values[dxIndex], f.values[dyIndex]];
      if (personSlots.length > 0) {
        const p: Record<string, number> = {};
        for (const [name, i] of personSlots) p[name] = f.values[i];
        state.person = p;
        state.expression = p["face.present"] === 1
          ? EXPRESSIONS.reduce((a, b) => (p[`expr.${b}`] > p[`expr.${a}`] ? b : a)) : "";
      }
      break;
    }
    case "schema": {
      schema = k.value;
      energyIndex = schema.motionEnergyIndex;
      dxIndex = schema.names.indexOf("mean_dx");
      dyIndex = schema.names.indexOf("mean_dy");
      personSlots = schema.names.map((n, i) => [n, i] as [string, number])
        .filter(([n]) => n.startsWith("face.") || n.startsWith("expr.") || n.startsWith("pose."));
      state.person = null;
      const hasFace = personSlots.length > 0;
      fields.face.textContent = hasFace ? "" : "face and body keypoints: not provided by this vision service";
      break;
    }
    case "summary":
      note(`stream summary: ${k.value.framesIn} in, ${k.value.framesOut} out`);
      break;
  }
}

const recent: { pts: number; arrival: number }[] = [];

function onEvent(e: MusicEvent) {
  const pts = Number(e.ptsUs);
  const t = (pts / 1e6).toFixed(2);
  switch (e.kind.case) {
    case "beat":
      state.beats++;
      if (e.kind.value.accent) state.accents++;
      beatQueue.push({ pts, accent: e.kind.value.accent });
      break;
    case "tempo":
      state.tempoBpm = e.kind.value.bpm;
      state.tempoSource = e.kind.value.source;
      fields.tempo.textContent = `${e.kind.value.bpm.toFixed(1)} BPM (${e.kind.value.source}, ${(e.kind.value.confidence * 100).toFixed(0)} %)`;
      note(`${t} s tempo ${e.kind.value.bpm.toFixed(1)} BPM from ${e.kind.value.source}`);
      break;
    case "style":
      state.style = e.kind.value.name;
      state.styles.push(e.kind.value.name);
      fields.style.textContent = `${e.kind.value.name} in ${e.kind.value.key}`;
      note(`${t} s style ${e.kind.value.name} in ${e.kind.value.key}: ${e.kind.value.reason}`);
      break;
    case "chord":
      fields.chord.textContent = e.kind.value.name;
      break;
    case "dynamics":
      break;
  }
}

function onWorklet(e: MessageEvent) {
  const m = e.data;
  if (m.type === "play") {
    // When this chunk's first sample reaches the speaker, in performance.now() time.
    const ts = ctx!.getOutputTimestamp();
    const heard = ts.performanceTime && ts.contextTime !== undefined
      ? ts.performanceTime + (m.at - ts.contextTime) * 1000
      : performance.now() + (m.at - ctx!.currentTime + ctx!.baseLatency + (ctx!.outputLatency || 0)) * 1000;
    state.latenciesMs.push(heard - (streamStart + m.pts / 1000));
    if (state.latenciesMs.length > 5000) state.latenciesMs.shift();
    playhead = { pts: m.pts, perf: heard };
  } else if (m.type === "stats") {
    state.bufferMs = m.depthMs;
    state.targetMs = m.targetMs;
    state.underruns = m.underruns;
    state.trimmedMs = m.trimmedMs;
    state.playing = m.playing;
    state.playedMs = m.playedMs;
  }
}

function toStereo(s: Float32Array, channels: number): Float32Array {
  if (channels === 2) return s;
  const out = new Float32Array(s.length * 2);
  for (let i = 0; i < s.length; i++) out[2 * i] = out[2 * i + 1] = s[i];
  return out;
}

/** Linear resampling of interleaved stereo, for a server that cannot render at the page's rate. */
function resample(s: Float32Array, from: number, to: number): Float32Array {
  const frames = s.length / 2;
  const n = Math.round((frames * to) / from);
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const x = (i * from) / to;
    const j = Math.min(frames - 1, Math.floor(x));
    const f = x - j;
    const j1 = Math.min(frames - 1, j + 1);
    out[2 * i] = s[2 * j] * (1 - f) + s[2 * j1] * f;
    out[2 * i + 1] = s[2 * j + 1] * (1 - f) + s[2 * j1 + 1] * f;
  }
  return out;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function rate(times: number[]): number {
  const now = performance.now();
  while (times.length && now - times[0] > 2000) times.shift();
  return times.length / 2;
}

let lastStats = 0;
function draw(now: number) {
  if (!running) return;
  requestAnimationFrame(draw);
  // The beat light flashes when a beat's audio is heard.
  const heardPts = playhead.pts >= 0 ? playhead.pts + (now - playhead.perf) * 1000 : -1;
  let flash = false, accent = false;
  while (beatQueue.length && heardPts >= beatQueue[0].pts) { accent ||= beatQueue.shift()!.accent; flash = true; }
  if (flash) {
    beatLight.classList.remove("on", "accent");
    void beatLight.offsetWidth;
    beatLight.classList.add("on");
    if (accent) beatLight.classList.add("accent"); // a large gesture's beat: a bigger flash
  }
  if (now - lastStats > 250) {
    lastStats = now;
    state.latencyP50 = percentile(state.latenciesMs, 50);
    state.latencyP99 = percentile(state.latenciesMs, 99);
    state.fpsSent = rate(sentTimes);
    state.fpsProcessed = rate(processedTimes);
    fields.latency.textContent = state.latenciesMs.length
      ? `${state.latencyP50.toFixed(0)} ms p50 · ${state.latencyP99.toFixed(0)} ms p99 (capture → heard)` : "–";
    fields.fps.textContent = `${state.fpsSent.toFixed(1)} sent · ${state.fpsProcessed.toFixed(1)} processed`;
    fields.buffer.textContent = `${state.bufferMs.toFixed(0)} ms (target ${state.targetMs.toFixed(0)} ms)`;
    fields.underruns.textContent = `${state.underruns}`;
    fields.energy.textContent = state.energy.toFixed(3);
  }
  // Overlay: motion energy bar and the mean flow direction, over the preview.
  const w = (overlay.width = overlay.clientWidth);
  const h = (overlay.height = overlay.clientHeight);
  const g = overlay.getContext("2d")!;
  g.clearRect(0, 0, w, h);
  const level = Math.min(1, state.energy * 4);
  g.fillStyle = "rgba(0,0,0,0.45)";
  g.fillRect(12, h - 24, w * 0.4, 12);
  g.fillStyle = `hsl(${120 - level * 120} 90% 50%)`;
  g.fillRect(12, h - 24, w * 0.4 * level, 12);
  g.fillStyle = "#fff";
  g.font = "12px system-ui, sans-serif";
  g.fillText("motion energy", 12, h - 30);
  if (state.person) drawPerson(g, state.person, w, h);
  // The preview is mirrored (a selfie view), the features are not: draw x mirrored too.
  const [dx, dy] = [-state.flow[0], state.flow[1]];
  const len = Math.hypot(dx, dy);
  if (len > 1e-4) {
    const cx = w / 2, cy = h / 2, scale = Math.min(w, h) * 0.3 / Math.max(len, 0.5);
    g.strokeStyle = "#ffd400";
    g.lineWidth = 4;
    g.beginPath();
    g.moveTo(cx, cy);
    g.lineTo(cx + dx * scale, cy + dy * scale);
    g.stroke();
    g.beginPath();
    g.arc(cx + dx * scale, cy + dy * scale, 6, 0, Math.PI * 2);
    g.fillStyle = "#ffd400";
    g.fill();
  }
}

// The face box with its expression probabilities and the arms (shoulders, elbows, wrists), mirrored like the preview.
function drawPerson(g: CanvasRenderingContext2D, p: Record<string, number>, w: number, h: number) {
  const mx = (x: number) => w - x * w;
  if (p["face.present"] === 1) {
    const side = p["face.size"] * w * 1.2;
    const cx = mx(p["face.cx"]), cy = p["face.cy"] * h;
    g.strokeStyle = "#4fc3f7";
    g.lineWidth = 2;
    g.strokeRect(cx - side / 2, cy - side / 2, side, side);
    g.font = "11px system-ui, sans-serif";
    EXPRESSIONS.forEach((name, k) => {
      const v = p[`expr.${name}`] ?? 0;
      const y = cy - side / 2 + k * 13;
      g.fillStyle = "rgba(0,0,0,0.5)";
      g.fillRect(cx + side / 2 + 4, y, 60, 11);
      g.fillStyle = name === state.expression ? "#4fc3f7" : "#9ab";
      g.fillRect(cx + side / 2 + 4, y, 60 * v, 11);
      g.fillStyle = "#fff";
      g.fillText(name, cx + side / 2 + 68, y + 10);
    });
    fields.face.textContent = `face: ${state.expression} · valence ${p["face.valence"].toFixed(2)} · arousal ${p["face.arousal"].toFixed(2)}`;
  } else {
    fields.face.textContent = "face: not in view";
  }
  if (p["pose.present"] !== 1) return;
  const sw = p["pose.shoulder_width"] * w;
  const sx = p["pose.shoulder_cx"] * w, sy = p["pose.shoulder_cy"] * h, tilt = p["pose.shoulder_tilt"];
  // Joints are relative to the shoulders' centre in shoulder widths (image coordinates, before mirroring).
  const at = (x: number, y: number): [number, number] => [w - (sx + x * sw), sy + y * sw];
  const half = [Math.cos(tilt) / 2, Math.sin(tilt) / 2];
  const shoulders: [number, number][] = [at(half[0], half[1]), at(-half[0], -half[1])]; // left, right
  g.strokeStyle = "#ff7043";
  g.fillStyle = "#ff7043";
  g.lineWidth = 3;
  g.beginPath();
  g.moveTo(...shoulders[0]);
  g.lineTo(...shoulders[1]);
  (["l", "r"] as const).forEach((side, k) => {
    const elbow = at(p[`pose.${side}_elbow.x`], p[`pose.${side}_elbow.y`]);
    const wrist = at(p[`pose.${side}_wrist.x`], p[`pose.${side}_wrist.y`]);
    g.moveTo(...shoulders[k]);
    g.lineTo(...elbow);
    g.lineTo(...wrist);
  });
  g.stroke();
}

function applyPrompt() {
  const ws = socket;
  if (!ws || ws.readyState !== WebSocket.OPEN) return; // the next connection sends the box's prompt anyway
  ws.send(toBinary(PerformRequestSchema, create(PerformRequestSchema, { kind: { case: "update", value: { prompt: promptBox.value } } })));
  note(`prompt changed: "${promptBox.value}"`);
}
applyButton.onclick = applyPrompt;
promptBox.onkeydown = (e) => { if (e.key === "Enter") applyPrompt(); };

// Record: the music (from the worklet) and, where the browser can, the camera video with it.
recordButton.onclick = () => {
  if (recorder?.state === "recording") { recorder.stop(); return; }
  if (!ctx || !node) return;
  recordDest ??= ctx.createMediaStreamDestination();
  node.connect(recordDest);
  const tracks = [...recordDest.stream.getAudioTracks(), ...(stream?.getVideoTracks() ?? [])];
  const types = ["video/webm;codecs=vp8,opus", "video/webm", "audio/webm;codecs=opus", "audio/webm"];
  const type = types.find((t) => MediaRecorder.isTypeSupported(t)) ?? "";
  const media = new MediaStream(type.startsWith("audio") ? recordDest.stream.getAudioTracks() : tracks);
  const parts: Blob[] = [];
  recorder = new MediaRecorder(media, type ? { mimeType: type } : undefined);
  recorder.ondataavailable = (e) => { if (e.data.size) parts.push(e.data); };
  recorder.onstop = () => {
    state.recording = false;
    recordButton.textContent = "Record";
    const blob = new Blob(parts, { type: recorder!.mimeType });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `expotion-performance.${blob.type.startsWith("audio") ? "weba" : "webm"}`;
    a.textContent = `Download the recording (${(blob.size / 1024).toFixed(0)} KB)`;
    a.id = "download";
    $("recording").replaceChildren(a);
    a.click();
  };
  recorder.start(1000);
  state.recording = true;
  recordButton.textContent = "Stop recording";
};

say("idle", "Press Start, allow the camera, and move.");
