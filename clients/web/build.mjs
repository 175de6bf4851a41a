// Builds the live page into dist/: generates the protobuf-es code from ../../protos (protoc + protoc-gen-es),
// then bundles the page and its AudioWorklet with esbuild. `node build.mjs gen` only generates.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const protos = join(here, "..", "..", "protos");
const gen = join(here, "src", "gen");
const dist = join(here, "dist");

rmSync(gen, { recursive: true, force: true });
mkdirSync(gen, { recursive: true });
const files = readdirSync(join(protos, "expotion", "v1")).filter((f) => f.endsWith(".proto")).map((f) => `expotion/v1/${f}`);
execFileSync("protoc", [
  `-I${protos}`,
  `--plugin=protoc-gen-es=${join(here, "node_modules", ".bin", "protoc-gen-es")}`,
  `--es_out=${gen}`,
  "--es_opt=target=ts",
  ...files,
], { stdio: "inherit" });
if (process.argv[2] === "gen") process.exit(0);

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
await esbuild.build({
  entryPoints: { app: join(here, "src", "app.ts"), worklet: join(here, "src", "worklet.ts") },
  outdir: dist,
  bundle: true,
  format: "esm",
  target: ["chrome110", "firefox115", "safari16"],
  minify: true,
  sourcemap: "linked",
  logLevel: "warning",
});
for (const f of ["index.html", "style.css"]) cpSync(join(here, "src", f), join(dist, f));
console.log(`built ${dist}`);
