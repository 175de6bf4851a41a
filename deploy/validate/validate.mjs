// Validates every manifest in a folder (default ../k8s) against the official Kubernetes JSON schemas, through
// kubernetes-models (ajv), then checks Expotion's own rules: per stage a Deployment, a Service, a headless
// Service and a HorizontalPodAutoscaler that fit together; gRPC probes on a declared port; non-root; resources;
// Prometheus scrape annotations on the port that serves the metrics.
// Prints one line per object and exits 1 on the first kind of failure it finds (all failures are listed).
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseAllDocuments } from "yaml";

const folder = resolve(process.argv[2] ?? new URL("../k8s", import.meta.url).pathname);
const stages = ["vision", "smoothing", "music", "gateway"];
const failures = [];
const objects = [];

for (const file of readdirSync(folder).filter(f => f.endsWith(".yaml") || f.endsWith(".yml")).sort()) {
  for (const doc of parseAllDocuments(readFileSync(join(folder, file), "utf8"))) {
    if (doc.errors.length) { failures.push(`${file}: YAML: ${doc.errors.map(e => e.message).join("; ")}`); continue; }
    const obj = doc.toJS();
    if (!obj) continue;
    const where = `${file}: ${obj.kind}/${obj.metadata?.name}`;
    let model;
    try {
      model = (await import(`kubernetes-models/${obj.apiVersion}`))[obj.kind];
    } catch { model = undefined; }
    if (!model) { failures.push(`${where}: no schema for ${obj.apiVersion} ${obj.kind}`); continue; }
    try {
      new model(obj).validate();
      console.log(`ok   ${where} (${obj.apiVersion})`);
      objects.push({ file, obj });
    } catch (e) {
      failures.push(`${where}: schema: ${e.message}`);
    }
  }
}

const find = (kind, name) => objects.map(o => o.obj).find(o => o.kind === kind && o.metadata.name === name);
const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
for (const stage of stages) {
  const name = `expotion-${stage}`;
  const deployment = find("Deployment", name);
  const service = find("Service", name);
  const headless = find("Service", `${name}-headless`);
  const hpa = find("HorizontalPodAutoscaler", name);
  if (!deployment || !service || !headless || !hpa) { failures.push(`${stage}: needs a Deployment, a Service, a headless Service and an HPA named ${name}[-headless]`); continue; }
  const pod = deployment.spec.template;
  if (!matches(deployment.spec.selector.matchLabels, pod.metadata.labels)) failures.push(`${stage}: the Deployment's selector does not match its pods`);
  for (const s of [service, headless])
    if (!matches(s.spec.selector, pod.metadata.labels) || Object.keys(s.spec.selector ?? {}).length === 0) failures.push(`${stage}: Service ${s.metadata.name} selects no pods of the Deployment`);
  if (headless.spec.clusterIP !== "None") failures.push(`${stage}: ${headless.metadata.name} is not headless (clusterIP: None)`);
  if (hpa.spec.scaleTargetRef.kind !== "Deployment" || hpa.spec.scaleTargetRef.name !== name) failures.push(`${stage}: the HPA does not scale ${name}`);
  if (pod.spec.securityContext?.runAsNonRoot !== true) failures.push(`${stage}: pods must run as non-root`);
  for (const c of pod.spec.containers) {
    const ports = (c.ports ?? []).map(p => p.containerPort);
    for (const probe of ["readinessProbe", "livenessProbe"]) {
      const port = c[probe]?.grpc?.port;
      if (port === undefined) failures.push(`${stage}/${c.name}: ${probe} must be a native grpc probe (grpc.health.v1)`);
      else if (!ports.includes(port)) failures.push(`${stage}/${c.name}: ${probe} probes port ${port}, which the container does not declare`);
    }
    if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory)
      failures.push(`${stage}/${c.name}: needs cpu and memory requests and a memory limit`);
    const args = JSON.stringify(c.command ?? c.args ?? []);
    if (args !== "[]" && !args.includes("serve")) failures.push(`${stage}/${c.name}: overrides the entry point without 'serve'`);
  }
  // Metrics: the prometheus.io/* pod annotations name a declared port on which Telemetry__MetricsUrl serves /metrics.
  const notes = pod.metadata.annotations ?? {};
  if (notes["prometheus.io/scrape"] !== "true") failures.push(`${stage}: pods need the annotation prometheus.io/scrape: "true"`);
  else {
    const port = Number(notes["prometheus.io/port"]);
    const declared = pod.spec.containers.some(c => (c.ports ?? []).some(p => p.containerPort === port));
    const served = pod.spec.containers.some(c => (c.env ?? []).some(e => e.name === "Telemetry__MetricsUrl" && new RegExp(`:${port}/?$`).test(e.value ?? "")));
    if (!declared) failures.push(`${stage}: prometheus.io/port ${notes["prometheus.io/port"]} is not a port the container declares`);
    else if (!served) failures.push(`${stage}: prometheus.io/port ${port} is not where Telemetry__MetricsUrl serves the metrics`);
    if ((notes["prometheus.io/path"] ?? "/metrics") !== "/metrics") failures.push(`${stage}: prometheus.io/path must be /metrics`);
  }
  for (const s of [service, headless])
    for (const p of s.spec.ports)
      if (typeof p.targetPort === "string" && !pod.spec.containers.some(c => (c.ports ?? []).some(cp => cp.name === p.targetPort)))
        failures.push(`${stage}: Service ${s.metadata.name} targets port '${p.targetPort}', which no container names`);
}

if (failures.length) {
  for (const f of failures) console.error(`FAIL ${f}`);
  process.exit(1);
}
console.log(`${objects.length} objects valid in ${folder}`);
