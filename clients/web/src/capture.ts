// The camera: opens it, and hands on frames (requestVideoFrameCallback; the next callback is requested before
// the encode is awaited), at most `fps` a second, skipping a frame while an encode is still in flight or the
// caller says the transport is busy.

export interface CapturedFrame {
  capturedAt: number; // performance.now() time the frame was captured
  width: number;
  height: number;
  jpeg: Uint8Array;
  encodedAt: number; // performance.now() when the encode finished
}

export interface CaptureOptions {
  fps: number;
  width: number; // frames are scaled to this width (the height keeps the aspect ratio, even)
  /** False while there is nowhere to send frames (not connected): frames are let pass, not counted. */
  accepting(): boolean;
  /** True while the transport is backed up: the frame is skipped (counted). */
  busy(): boolean;
  frame(f: CapturedFrame): void;
  skipped(): void;
}

/** Opens the camera; throws a plain-words message (Error with `name` = "camera-error") when it cannot. */
export async function openCamera(): Promise<MediaStream> {
  try {
    return await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480, frameRate: 30 }, audio: false });
  } catch (e) {
    const name = (e as DOMException).name;
    const text = name === "NotAllowedError" || name === "SecurityError"
      ? "Camera access was denied. Allow the camera for this page (the camera icon in the address bar), then press Start again."
      : name === "NotFoundError" || name === "OverconstrainedError"
        ? "No camera was found. Connect a camera, then press Start again."
        : `The camera could not be opened (${name}): ${(e as Error).message}`;
    throw new CameraError(text);
  }
}

export class CameraError extends Error {}

/** The frame height for `width` keeping the video's aspect ratio (even; 3:4 when the video has no size yet). */
export function scaledHeight(width: number, videoWidth: number, videoHeight: number): number {
  if (!videoWidth || !videoHeight) return Math.round((width * 3) / 4 / 2) * 2;
  return Math.max(2, Math.round((width * videoHeight) / videoWidth / 2) * 2);
}

export class Capture {
  private running = false;
  private lastSent = -1e9;
  private encoding = false;
  private readonly canvas: OffscreenCanvas;
  private readonly canvas2d: OffscreenCanvasRenderingContext2D;

  constructor(private readonly video: HTMLVideoElement, private readonly options: CaptureOptions) {
    this.canvas = new OffscreenCanvas(options.width, scaledHeight(options.width, 4, 3));
    this.canvas2d = this.canvas.getContext("2d")!;
  }

  start() {
    this.running = true;
    this.lastSent = -1e9;
    this.video.requestVideoFrameCallback(this.onFrame);
  }

  stop() { this.running = false; }

  /** Frames from now on count from scratch (a new connection). */
  restart() { this.lastSent = -1e9; }

  private readonly onFrame = async (now: DOMHighResTimeStamp, meta: VideoFrameCallbackMetadata) => {
    if (!this.running) return;
    this.video.requestVideoFrameCallback(this.onFrame);
    if (!this.options.accepting()) return;
    const captured = meta.captureTime ?? now;
    if (captured - this.lastSent < 1000 / this.options.fps - 4) return;
    if (this.encoding || this.options.busy()) { this.options.skipped(); return; }
    this.lastSent = captured;
    this.encoding = true;
    try {
      const width = this.options.width;
      const h = scaledHeight(width, this.video.videoWidth, this.video.videoHeight);
      if (this.canvas.height !== h) this.canvas.height = h;
      this.canvas2d.drawImage(this.video, 0, 0, width, h);
      const blob = await this.canvas.convertToBlob({ type: "image/jpeg", quality: 0.75 });
      const jpeg = new Uint8Array(await blob.arrayBuffer());
      if (this.running) this.options.frame({ capturedAt: captured, width, height: h, jpeg, encodedAt: performance.now() });
    } finally {
      this.encoding = false;
    }
  };
}
