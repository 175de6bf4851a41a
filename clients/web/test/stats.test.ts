import assert from "node:assert/strict";
import { test } from "node:test";
import { RateMeter, SampleWindow, percentile } from "../src/stats";

test("percentile_NoValues_IsZero", () => {
  assert.equal(percentile([], 50), 0);
});

test("percentile_OneToHundred_NearestRank", () => {
  const v = Array.from({ length: 100 }, (_, i) => 100 - i); // unsorted on purpose
  assert.equal(percentile(v, 50), 51);
  assert.equal(percentile(v, 99), 100);
  assert.equal(percentile(v, 0), 1);
  assert.equal(percentile(v, 100), 100);
});

test("percentile_DoesNotReorderTheInput", () => {
  const v = [3, 1, 2];
  percentile(v, 50);
  assert.deepEqual(v, [3, 1, 2]);
});

test("SampleWindow_OverCapacity_KeepsTheNewest", () => {
  const w = new SampleWindow(3);
  for (const x of [1, 2, 3, 4, 5]) w.add(x);
  assert.deepEqual(w.values, [3, 4, 5]);
  assert.equal(w.p(99), 5);
});

test("RateMeter_TenEventsInTwoSeconds_FivePerSecond_ThenForgets", () => {
  const r = new RateMeter(2000);
  for (let i = 0; i < 10; i++) r.mark(i * 200);
  assert.equal(r.rate(1900), 5);
  assert.equal(r.rate(10_000), 0);
});
