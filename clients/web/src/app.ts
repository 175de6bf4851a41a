// The live page: camera frames + a prompt in, music out, over the gateway's WebSocket (/perform), which carries
// Pipeline.Perform messages. This file wires the parts together; each part is its own module.
import { AudioOut } from "./audio";
import { Capture, CameraError, openCamera, type CapturedFrame } from "./capture";
import { say, note, ui } from "./dom";
import { BeatLight, drawOverlay, faceText } from "./draw";
import { FeatureReader } from "./features";
import type { MusicEvent } from "./gen/expotion/v1/common_pb";
import type { PerformResponse } from "./gen/expotion/v1/pipeline_pb";
import { configMessage, endMessage, frameMessage, roleMessage, updateMessage } from "./protocol";
import { Recording } from "./recording";
import { f32 } from "./resample";
import { chunkId, ensembleSettings, prefill, SessionView } from "./session";
import { PerformSocket } from "./socket";
import { state } from "./state";
import { RateMeter, SampleWindow } from "./stats";

const FPS = 15; // frames sent per second (the vision service works at this rate or below)
const FRAME_WIDTH = 320;
const ANALYSIS_WIDTH = 160; // the width the vision stage analyses (its config)
const CHUNK_MS = 40;
const START_TARGET_MS = 100;

let audio: AudioOut | undefined;
let camera: MediaStream | undefined;
let capture: Capture | undefined;
let running = false;
let streamStart = 0; // performance.now() at pts 0
let lastPts = -1;
let features = new FeatureReader();
const beat = new BeatLight(ui.beat);
const latencies = new SampleWindow();
const arrivals = new SampleWindow();
state.latenciesMs = latencies.values;
state.arrivalMs = arrivals.values;
const sessionView = new SessionView(ui.members, ui.cast);
prefill(ui.session, location.search);
const sentRate = new RateMeter();
const processedRate = new RateMeter();

const socket = new PerformSocket({
  connecting: (again) => say("connecting", again ? "Reconnecting to the server…" : "Connecting to the server…"),
  open: (send) => {
    state.connected = true;
    state.connections++;
    audio!.reset(START_TARGET_MS);
    beat.clear();
    streamStart = performance.now();
    lastPts = -1;
    state.lastFeaturePts = -1;
    sessionView.reset();
    showSession();
    state.chunkIds.length = 0;
    capture?.restart();
    send(configMessage({
      prompt: ui.prompt.value, sampleRate: audio!.sampleRate, chunkMs: CHUNK_MS, analysisWidth: ANALYSIS_WIDTH,
      ensemble: ensembleSettings(ui.session),
    }));
    say("playing", "Playing: move to the music.");
  },
  message: (r) => onResponse(r),
  closed: (why, retryMs, reason) => {
    state.connected = false;
    state.closeReason = reason;
    say("reconnecting", `${why} Reconnecting in ${(retryMs / 1000).toFixed(1)} s…`);
  },
});

const recording = new Recording((on) => {
  state.recording = on;
  ui.record.textContent = on ? "Stop recording" : "Record";
}, (link) => ui.recording.replaceChildren(link));

ui.start.onclick = async () => {
  if (running) return stop();
  ui.start.disabled = true;
  try {
    await start();
  } finally {
    ui.start.disabled = false;
  }
};

async function start() {
  say("starting", "Asking for the camera…");
  try {
    camera = await openCamera();
  } catch (e) {
    if (!(e instanceof CameraError)) throw e;
    say("camera-error", e.message);
    return;
  }
  ui.video.srcObject = camera;
  await ui.video.play();
  audio ??= await AudioOut.open({
    heard: (pts, heardAt) => {
      latencies.add(heardAt - (streamStart + pts / 1000));
      beat.heard(pts, heardAt);
    },
    stats: (s) => {
      state.bufferMs = s.depthMs;
      state.targetMs = s.targetMs;
      state.underruns = s.underruns;
      state.trimmedMs = s.trimmedMs;
      state.playing = s.playing;
      state.playedMs = s.playedMs;
    },
  });
  await audio.resume();
  state.sampleRate = audio.sampleRate;
  running = true;
  ui.start.textContent = "Stop";
  ui.record.disabled = false;
  lockSession(true);
  capture = new Capture(ui.video, {
    fps: FPS,
    width: FRAME_WIDTH,
    accepting: () => socket.open && state.connected,
    busy: () => socket.buffered > 256 * 1024,
    skipped: () => state.framesSkipped++,
    frame: sendFrame,
  });
  capture.start();
  requestAnimationFrame(draw);
  socket.start();
}

function stop() {
  running = false;
  capture?.stop();
  recording.stop();
  socket.stop(endMessage());
  state.connected = false;
  camera?.getTracks().forEach((t) => t.stop());
  audio?.reset();
  ui.start.textContent = "Start";
  ui.record.disabled = true;
  lockSession(false);
  say("stopped", "Stopped.");
}

/** While playing, the session and the name stay as joined (a new session needs a new stream); in a session the prompt is
 * its opener's, so Apply is off; the role can change (the gateway tells every member). */
function lockSession(playing: boolean) {
  const inSession = playing && ensembleSettings(ui.session) !== undefined;
  ui.session.session.disabled = ui.session.member.disabled = playing;
  ui.apply.disabled = inSession;
}

function showSession() {
  state.session = sessionView.session;
  state.sessionMe = sessionView.me;
  state.sessionRoles = sessionView.roles;
  state.sessionMembers = sessionView.members;
}

ui.session.role.onchange = () => {
  const role = ui.session.role.value;
  if (running && state.session && role && socket.send(roleMessage(role))) note(`asked for the ${role} role`);
};

function sendFrame(f: CapturedFrame) {
  const pts = Math.max(lastPts + 1, Math.round((f.capturedAt - streamStart) * 1000));
  if (pts < 0) return;
  if (!socket.send(frameMessage(pts, f.width, f.height, f.jpeg))) return;
  lastPts = pts;
  state.framesSent++;
  sentRate.mark(performance.now());
}

function onResponse(r: PerformResponse) {
  const k = r.kind;
  switch (k.case) {
    case "audio": {
      const a = k.value;
      const pts = Number(a.ptsUs);
      arrivals.add(performance.now() - (streamStart + pts / 1000));
      state.serverSampleRate = a.sampleRate;
      state.audioChunks++;
      state.chunkIds.push([pts, chunkId(a.data)]);
      if (state.chunkIds.length > 1500) state.chunkIds.shift();
      state.audioMs += (a.frames / a.sampleRate) * 1000;
      audio!.play(pts, f32(a.data), a.channels, a.sampleRate);
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
      processedRate.mark(performance.now());
      const v = features.read(f.values);
      if (v.energy !== undefined) state.energy = v.energy;
      if (v.flow) state.flow = v.flow;
      if (v.person) {
        state.person = v.person;
        state.expression = v.expression ?? "";
        ui.fields.face.textContent = faceText(v.person, state.expression);
      }
      break;
    }
    case "schema":
      features = new FeatureReader(k.value);
      state.person = null;
      ui.fields.face.textContent = features.hasPerson ? "" : "face and body keypoints: not provided by this vision service";
      break;
    case "session": {
      const line = sessionView.update(k.value);
      showSession();
      if (line) note(line);
      break;
    }
    case "summary":
      note(`stream summary: ${k.value.framesIn} in, ${k.value.framesOut} out`);
      break;
  }
}

function onEvent(e: MusicEvent) {
  const t = (Number(e.ptsUs) / 1e6).toFixed(2);
  switch (e.kind.case) {
    case "beat":
      state.beats++;
      if (e.kind.value.accent) state.accents++;
      beat.add(Number(e.ptsUs), e.kind.value.accent);
      break;
    case "tempo": {
      const v = e.kind.value;
      state.tempoBpm = v.bpm;
      state.tempoSource = v.source;
      ui.fields.tempo.textContent = `${v.bpm.toFixed(1)} BPM (${v.source}, ${(v.confidence * 100).toFixed(0)} %)`;
      note(`${t} s tempo ${v.bpm.toFixed(1)} BPM from ${v.source}`);
      break;
    }
    case "style": {
      const v = e.kind.value;
      state.style = v.name;
      state.styles.push(v.name);
      ui.fields.style.textContent = `${v.name} in ${v.key}`;
      note(`${t} s style ${v.name} in ${v.key}: ${v.reason}`);
      break;
    }
    case "chord":
      ui.fields.chord.textContent = e.kind.value.name;
      break;
  }
}

let lastStats = 0;
function draw(now: number) {
  if (!running) return;
  requestAnimationFrame(draw);
  beat.update(now);
  if (now - lastStats > 250) {
    lastStats = now;
    state.latencyP50 = latencies.p(50);
    state.latencyP99 = latencies.p(99);
    state.fpsSent = sentRate.rate(now);
    state.fpsProcessed = processedRate.rate(now);
    const f = ui.fields;
    f.latency.textContent = latencies.count
      ? `${state.latencyP50.toFixed(0)} ms p50 · ${state.latencyP99.toFixed(0)} ms p99 (capture → heard)` : "–";
    f.fps.textContent = `${state.fpsSent.toFixed(1)} sent · ${state.fpsProcessed.toFixed(1)} processed`;
    f.buffer.textContent = `${state.bufferMs.toFixed(0)} ms (target ${state.targetMs.toFixed(0)} ms)`;
    f.underruns.textContent = `${state.underruns}`;
    f.energy.textContent = state.energy.toFixed(3);
  }
  drawOverlay(ui.overlay, state);
}

function applyPrompt() {
  // Not connected: the next connection sends the box's prompt anyway.
  if (socket.send(updateMessage(ui.prompt.value))) note(`prompt changed: "${ui.prompt.value}"`);
}
ui.apply.onclick = applyPrompt;
ui.prompt.onkeydown = (e) => { if (e.key === "Enter") applyPrompt(); };

ui.record.onclick = () => {
  if (recording.active) { recording.stop(); return; }
  if (audio) recording.start(audio.ctx, audio.node, camera);
};

say("idle", "Press Start, allow the camera, and move.");
