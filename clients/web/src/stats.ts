// Small statistics the page keeps: percentiles over a bounded window of samples, and event rates.

/** The p-th percentile (0..100) of values, nearest rank; 0 when there are none. */
export function percentile(values: ArrayLike<number>, p: number): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  return sorted[Math.min(n - 1, Math.max(0, Math.floor((p / 100) * n)))];
}

/** The last `capacity` samples of one measurement. */
export class SampleWindow {
  readonly values: number[] = [];
  constructor(readonly capacity = 5000) {}

  add(v: number) {
    this.values.push(v);
    if (this.values.length > this.capacity) this.values.shift();
  }

  clear() { this.values.length = 0; }
  get count() { return this.values.length; }
  p(q: number) { return percentile(this.values, q); }
}

/** Events per second over the last `windowMs` (times in ms, from the caller's clock). */
export class RateMeter {
  private readonly times: number[] = [];
  constructor(private readonly windowMs = 2000) {}

  mark(now: number) { this.times.push(now); }

  rate(now: number): number {
    while (this.times.length && now - this.times[0] > this.windowMs) this.times.shift();
    return this.times.length / (this.windowMs / 1000);
  }
}
