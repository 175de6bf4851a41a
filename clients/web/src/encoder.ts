// The JPEG encoder, a dedicated Worker: the page transfers each camera frame (a VideoFrame, or an ImageBitmap where
// there is no VideoFrame) with the size to send; the worker scales it into an OffscreenCanvas, encodes it and
// transfers the bytes back, with when the encode finished (ms since the Unix epoch: timeOrigin + now). One frame
// at a time: the page skips frames while one is in flight.

export interface EncodeRequest {
  id: number;
  image: VideoFrame | ImageBitmap;
  width: number;
  height: number;
  quality: number;
}

export interface EncodeResult {
  id: number;
  jpeg?: ArrayBuffer;
  encodedAt: number; // ms since the Unix epoch
  error?: string;
}

interface WorkerScope {
  onmessage: ((e: MessageEvent<EncodeRequest>) => void) | null;
  postMessage(message: EncodeResult, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
let canvas: OffscreenCanvas | undefined;
let context: OffscreenCanvasRenderingContext2D | undefined;

scope.onmessage = async (e) => {
  const { id, image, width, height, quality } = e.data;
  try {
    if (!canvas || canvas.width !== width || canvas.height !== height) {
      canvas = new OffscreenCanvas(width, height);
      context = canvas.getContext("2d", { alpha: false }) as OffscreenCanvasRenderingContext2D;
    }
    context!.drawImage(image, 0, 0, width, height);
    image.close();
    const blob = await canvas.convertToBlob({ type: "image/jpeg", quality });
    const jpeg = await blob.arrayBuffer();
    scope.postMessage({ id, jpeg, encodedAt: performance.timeOrigin + performance.now() }, [jpeg]);
  } catch (err) {
    image.close();
    scope.postMessage({ id, encodedAt: performance.timeOrigin + performance.now(), error: String(err) });
  }
};
