// What the page reads from the vision stage's feature frames: motion energy, the mean flow and, when the stage
// sends them, the face and body slots (face.*, expr.*, pose.*), by the names in the stream's schema.
import type { FeatureSchema } from "./gen/expotion/v1/common_pb";

export const EXPRESSIONS = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"];

export interface FeatureReading {
  energy?: number;
  flow?: [number, number];
  person?: Record<string, number>;
  expression?: string;
}

export class FeatureReader {
  private energy = -1;
  private dx = -1;
  private dy = -1;
  private person: [string, number][] = [];

  constructor(schema?: Pick<FeatureSchema, "names" | "motionEnergyIndex">) {
    if (!schema) return;
    this.energy = schema.motionEnergyIndex;
    this.dx = schema.names.indexOf("mean_dx");
    this.dy = schema.names.indexOf("mean_dy");
    this.person = schema.names.map((n, i) => [n, i] as [string, number])
      .filter(([n]) => n.startsWith("face.") || n.startsWith("expr.") || n.startsWith("pose."));
  }

  /** The schema has face and body slots. */
  get hasPerson() { return this.person.length > 0; }

  read(values: ArrayLike<number>): FeatureReading {
    const r: FeatureReading = {};
    if (this.energy >= 0) r.energy = values[this.energy];
    if (this.dx >= 0 && this.dy >= 0) r.flow = [values[this.dx], values[this.dy]];
    if (this.person.length > 0) {
      const p: Record<string, number> = {};
      for (const [name, i] of this.person) p[name] = values[i];
      r.person = p;
      r.expression = p["face.present"] === 1
        ? EXPRESSIONS.reduce((a, b) => ((p[`expr.${b}`] ?? 0) > (p[`expr.${a}`] ?? 0) ? b : a)) : "";
    }
    return r;
  }
}
