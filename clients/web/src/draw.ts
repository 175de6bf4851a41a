// The overlay over the preview (motion energy, the mean flow, the face box with its expression probabilities and
// the arms) and the beat light, which flashes when a beat's audio is heard.
import { EXPRESSIONS } from "./features";

/** Beats (pts in µs) not yet heard, and where the playhead is, to flash the light when a beat is heard. */
export class BeatLight {
  private readonly queue: { pts: number; accent: boolean }[] = [];
  private playhead = { pts: -1, perf: 0 };

  constructor(private readonly light: HTMLElement) {}

  clear() { this.queue.length = 0; }
  add(pts: number, accent: boolean) { this.queue.push({ pts, accent }); }
  heard(pts: number, perf: number) { this.playhead = { pts, perf }; }

  update(now: number) {
    const heardPts = this.playhead.pts >= 0 ? this.playhead.pts + (now - this.playhead.perf) * 1000 : -1;
    let flash = false, accent = false;
    while (this.queue.length && heardPts >= this.queue[0].pts) { accent ||= this.queue.shift()!.accent; flash = true; }
    if (!flash) return;
    const l = this.light;
    l.classList.remove("on", "accent");
    void l.offsetWidth;
    l.classList.add("on");
    if (accent) l.classList.add("accent"); // a large gesture's beat: a bigger flash
  }
}

export interface OverlayView {
  energy: number;
  flow: [number, number];
  person: Record<string, number> | null;
  expression: string;
}

export function drawOverlay(overlay: HTMLCanvasElement, v: OverlayView) {
  const w = (overlay.width = overlay.clientWidth);
  const h = (overlay.height = overlay.clientHeight);
  const g = overlay.getContext("2d")!;
  g.clearRect(0, 0, w, h);
  const level = Math.min(1, v.energy * 4);
  g.fillStyle = "rgba(0,0,0,0.45)";
  g.fillRect(12, h - 24, w * 0.4, 12);
  g.fillStyle = `hsl(${120 - level * 120} 90% 50%)`;
  g.fillRect(12, h - 24, w * 0.4 * level, 12);
  g.fillStyle = "#fff";
  g.font = "12px system-ui, sans-serif";
  g.fillText("motion energy", 12, h - 30);
  if (v.person) drawPerson(g, v.person, v.expression, w, h);
  // The preview is mirrored (a selfie view), the features are not: draw x mirrored too.
  const [dx, dy] = [-v.flow[0], v.flow[1]];
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

/** The face line under the preview. */
export function faceText(p: Record<string, number> | null, expression: string): string {
  if (!p) return "";
  return p["face.present"] === 1
    ? `face: ${expression} · valence ${p["face.valence"].toFixed(2)} · arousal ${p["face.arousal"].toFixed(2)}`
    : "face: not in view";
}

// The face box with its expression probabilities and the arms (shoulders, elbows, wrists), mirrored like the preview.
function drawPerson(g: CanvasRenderingContext2D, p: Record<string, number>, expression: string, w: number, h: number) {
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
      g.fillStyle = name === expression ? "#4fc3f7" : "#9ab";
      g.fillRect(cx + side / 2 + 4, y, 60 * v, 11);
      g.fillStyle = "#fff";
      g.fillText(name, cx + side / 2 + 68, y + 10);
    });
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
