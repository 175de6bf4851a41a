// Runs TF.js graph models with the official TensorFlow.js packages (wasm backend by default, cpu on request)
// and writes their outputs as raw little-endian float32, the reference for Expotion's ONNX conversion tests.
//   node reference.mjs job.json
// job.json: { "backend": "wasm" | "cpu",
//             "runs": [ { "model": "/path/model.json",
//                         "inputs": { "input": { "dtype": "float32" | "int32", "shape": [1,256,256,3], "file": "/path/x.bin" } },
//                         "outputs": ["Identity", "Identity_1"],   // node names, in the order wanted
//                         "out": "/path/prefix" } ] }               // writes prefix.<k>.bin per output
// Prints one JSON line per run: { out, shapes, ms } (ms: the best of a few executions, after a warm-up).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadGraphModel } from '@tensorflow/tfjs-converter';

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const backend = job.backend ?? 'wasm';
if (backend === 'wasm') {
  const require = createRequire(import.meta.url);
  const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  setWasmPaths(dist + path.sep);
}
await tf.setBackend(backend);
await tf.ready();

function handler(modelJsonPath) {
  return {
    load: async () => {
      const json = JSON.parse(fs.readFileSync(modelJsonPath, 'utf8'));
      const dir = path.dirname(modelJsonPath);
      const specs = [];
      const buffers = [];
      for (const group of json.weightsManifest) {
        specs.push(...group.weights);
        for (const p of group.paths) buffers.push(fs.readFileSync(path.join(dir, p)));
      }
      const all = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology, format: json.format, generatedBy: json.generatedBy,
        convertedBy: json.convertedBy, signature: json.signature, userDefinedMetadata: json.userDefinedMetadata,
        weightSpecs: specs, weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      };
    },
  };
}

const models = new Map();
for (const run of job.runs) {
  if (!models.has(run.model)) models.set(run.model, await loadGraphModel(handler(run.model)));
  const model = models.get(run.model);
  const feeds = {};
  for (const [name, spec] of Object.entries(run.inputs)) {
    const bytes = fs.readFileSync(spec.file);
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const data = spec.dtype === 'int32' ? new Int32Array(ab) : new Float32Array(ab);
    feeds[name] = tf.tensor(data, spec.shape, spec.dtype);
  }
  let outs;
  let best = Infinity;
  for (let i = 0; i < (run.repeats ?? 3); i++) {
    if (outs) tf.dispose(outs);
    const t0 = performance.now();
    outs = model.execute(feeds, run.outputs);
    if (!Array.isArray(outs)) outs = [outs];
    for (const o of outs) o.dataSync();
    best = Math.min(best, performance.now() - t0);
  }
  const shapes = [];
  outs.forEach((o, k) => {
    const values = o.dtype === 'float32' ? o.dataSync() : Float32Array.from(o.dataSync());
    fs.writeFileSync(`${run.out}.${k}.bin`, Buffer.from(values.buffer, values.byteOffset, values.byteLength));
    shapes.push(o.shape);
  });
  tf.dispose(outs);
  tf.dispose(Object.values(feeds));
  console.log(JSON.stringify({ out: run.out, backend, shapes, ms: best }));
}
