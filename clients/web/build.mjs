// Builds the live page into dist/: generates the protobuf-es code from ../../protos (protoc + protoc-gen-es),
// then bundles the page, its encoder worker and its AudioWorklet with esbuild. `node build.mjs gen` only generates.
// `node build.mjs test [junit-file]` runs the page's pure-logic tests (test/*.test.ts) with `node --test`,
// bundled by esbuild first; with a junit file, the results are also written there (scripts/test.sh counts them).
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
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
if (process.argv[2] === "test") process.exit(await test(process.argv[3]));

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

async function test(junit) {
  const tests = readdirSync(join(here, "test")).filter((f) => f.endsWith(".test.ts"));
  const out = mkdtempSync(join(tmpdir(), "expotion-web-tests-"));
  try {
    await esbuild.build({
      entryPoints: tests.map((f) => join(here, "test", f)),
      outdir: out,
      outExtension: { ".js": ".mjs" },
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      logLevel: "warning",
    });
    const reporters = ["--test-reporter=spec", "--test-reporter-destination=stdout"];
    if (junit) reporters.push("--test-reporter=junit", `--test-reporter-destination=${resolve(junit)}`);
    const files = readdirSync(out).filter((f) => f.endsWith(".mjs")).map((f) => join(out, f));
    return spawnSync(process.execPath, ["--test", ...reporters, ...files], { stdio: "inherit" }).status ?? 1;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
