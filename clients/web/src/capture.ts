// The camera: opens it, and hands on frames (requestVideoFrameCallback; the next callback is requested at once), at
// most `fps` a second, scaled and JPEG-encoded off the main thread (encoder.ts, a Worker: the frame is transferred
// as a VideoFrame, or an ImageBitmap where VideoFrame is missing). A frame is skipped (and counted) while the
// previous encode is still in flight or the caller says the transport is backed up.

export interface CapturedFrame {
  capturedAt: number; // performance.now() time the frame was captured
  callbackAt: number; // performance.now() time the page got it (requestVideoFrameCallback)
  encodedAt: number; // ms since the Unix epoch (the worker's timeOrigin + now) when the encode finished
  width: number;
  height: number;
  jpeg: Uint8Array;
}

export type SkipReason = "encoder" | "socket";

export interface CaptureOptions {
  fps: number;
  /** The width to send at (the height keeps the aspect ratio, even); 0 while not yet known (frames are let pass). */
  width(): number;
  /** False while there is nowhere to send frames (not connected): frames are let pass, not counted. */
  accepting(): boolean;
  /** True while the transport is backed up: the frame is skipped (counted). */
  busy(): boolean;
  frame(f: CapturedFrame): void;
  skipped(why: SkipReason): void;
}

/** Opens the camera; throws a plain-words message (CameraError) when it cannot. */
export async function openCamera(): Promise<MediaStream> {
  try {
    return await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240, frameRate: 30 }, audio: false });
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
  private inFlight: { id: number; capturedAt: number; callbackAt: number; width: number; height: number } | undefined;
  private nextId = 0;
  private readonly encoder = new Worker("encoder.js", { type: "module" });

  constructor(private readonly video: HTMLVideoElement, private readonly options: CaptureOptions) {
    this.encoder.onmessage = (e) => this.onEncoded(e.data);
  }

  start() {
    this.running = true;
    this.lastSent = -1e9;
    this.video.requestVideoFrameCallback(this.onFrame);
  }

  stop() { this.running = false; }

  /** Frames from now on count from scratch (a new connection). */
  restart() {
    this.lastSent = -1e9;
    this.inFlight = undefined; // a frame still encoding belongs to the old stream: dropped when it comes back
  }

  private readonly onFrame = (now: DOMHighResTimeStamp, meta: VideoFrameCallbackMetadata) => {
    if (!this.running) return;
    this.video.requestVideoFrameCallback(this.onFrame);
    const width = this.options.width();
    if (!this.options.accepting() || width === 0) return;
    const captured = meta.captureTime ?? now;
    if (captured - this.lastSent < 1000 / this.options.fps - 4) return;
    if (this.inFlight) { this.options.skipped("encoder"); return; }
    if (this.options.busy()) { this.options.skipped("socket"); return; }
    this.lastSent = captured;
    const height = scaledHeight(width, this.video.videoWidth, this.video.videoHeight);
    const id = ++this.nextId;
    this.inFlight = { id, capturedAt: captured, callbackAt: performance.now(), width, height };
    const post = (image: VideoFrame | ImageBitmap) => this.encoder.postMessage({ id, image, width, height, quality: 0.75 }, [image]);
    if (typeof VideoFrame !== "undefined") post(new VideoFrame(this.video, { timestamp: Math.round(captured * 1000) }));
    else createImageBitmap(this.video, { resizeWidth: width, resizeHeight: height, resizeQuality: "low" }).then(post);
  };

  private onEncoded(r: { id: number; jpeg?: ArrayBuffer; encodedAt: number; error?: string }) {
    const f = this.inFlight;
    if (!f || f.id !== r.id) return;
    this.inFlight = undefined;
    if (!r.jpeg || !this.running) return;
    this.options.frame({ capturedAt: f.capturedAt, callbackAt: f.callbackAt, encodedAt: r.encodedAt, width: f.width, height: f.height, jpeg: new Uint8Array(r.jpeg) });
  }
}
