import assert from "node:assert/strict";
import { test } from "node:test";
import { HOPS, HopBudget } from "../src/hops";

test("HopBudget_StampsOfAChunk_EachHopIsTheDifference_UnsetStampsSkipTheirHops", () => {
  const b = new HopBudget();
  const t0 = 1_700_000_000_000_000;
  b.add({ captureUs: t0, encodeUs: t0 + 2000, sendUs: t0 + 2500, gatewayInUs: t0 + 3000, arrivalUs: t0 + 30_000 });
  b.add({ captureUs: t0, arrivalUs: t0 + 30_000, queuedUs: t0 + 31_000, playedUs: t0 + 70_000, heardUs: t0 + 80_000 });
  const s = Object.fromEntries(b.summary().map((h) => [h.hop, h]));
  assert.equal(s["capture → encoded"].p50, 2);
  assert.equal(s["encoded → sent"].p50, 0.5);
  assert.equal(s["sent → gateway"].p50, 0.5);
  assert.equal(s["page → played (jitter buffer)"].p50, 40);
  assert.equal(s["  waiting in the worklet"].p50, 39);
  assert.equal(s["played → heard (output)"].p50, 10);
  assert.equal(s["capture → heard"].p50, 80);
  assert.equal(s["capture → arrival"].samples, 2);
  assert.equal(s["vision in → out"], undefined);
  assert.ok(b.summary().length < HOPS.length);
});

test("HopBudget_ManyChunks_P50AndP99", () => {
  const b = new HopBudget();
  for (let i = 1; i <= 100; i++) b.add({ captureUs: 1e15, encodeUs: 1e15 + i * 1000 });
  const [h] = b.summary();
  assert.equal(h.hop, "capture → encoded");
  assert.equal(h.p50, 51);
  assert.equal(h.p99, 100);
});
