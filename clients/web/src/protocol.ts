// The Pipeline.Perform messages the page exchanges with the gateway: one serialized PerformRequest or
// PerformResponse per binary WebSocket message (protos/expotion/v1/pipeline.proto).
import { create, fromBinary, toBinary, type MessageInitShape } from "@bufbuild/protobuf";
import { AudioEncoding, PixelFormat } from "./gen/expotion/v1/common_pb";
import { SmoothingMode } from "./gen/expotion/v1/smoothing_pb";
import {
  PerformRequestSchema, PerformResponseSchema, type PerformResponse,
} from "./gen/expotion/v1/pipeline_pb";
import type { EnsembleSettings } from "./session";

export interface StreamSettings {
  prompt: string;
  sampleRate: number; // the page's AudioContext rate: the conductor renders at it
  chunkMs: number;
  analysisWidth: number; // the width the vision stage analyses
  ensemble?: EnsembleSettings; // join this session (absent: perform alone)
}

function encode(kind: MessageInitShape<typeof PerformRequestSchema>["kind"]): Uint8Array {
  return toBinary(PerformRequestSchema, create(PerformRequestSchema, { kind }));
}

export function configMessage(s: StreamSettings): Uint8Array {
  return encode({
    case: "config",
    value: {
      vision: { analysisWidth: s.analysisWidth },
      smoothing: { mode: SmoothingMode.CAUSAL }, // the stage's default time constant (20 ms): strikes survive it
      music: {
        prompt: s.prompt,
        sampleRate: s.sampleRate,
        channels: 2,
        chunkMs: s.chunkMs,
        encoding: AudioEncoding.PCM_F32LE,
      },
      includeFeatures: true,
      ensemble: s.ensemble,
    },
  });
}

export function frameMessage(ptsUs: number, width: number, height: number, jpeg: Uint8Array): Uint8Array {
  return encode({ case: "frame", value: { ptsUs: BigInt(ptsUs), width, height, format: PixelFormat.JPEG, data: jpeg } });
}

export function updateMessage(prompt: string): Uint8Array {
  return encode({ case: "update", value: { prompt } });
}

/** An ensemble member takes another role (from the session's next grid point; every member is told). */
export function roleMessage(role: string): Uint8Array {
  return encode({ case: "update", value: { role } });
}

export function endMessage(): Uint8Array {
  return encode({ case: "end", value: {} });
}

export function parseResponse(data: ArrayBuffer): PerformResponse {
  return fromBinary(PerformResponseSchema, new Uint8Array(data));
}
