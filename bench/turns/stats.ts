// Latency figures for the benchmark: percentiles of a list of turn times.

/** p50/p95/p99/max of `values` (milliseconds), by the nearest rank; zeros when there are none. */
export function percentiles(values: readonly number[]): { p50: number; p95: number; p99: number; max: number } {
  if (values.length === 0) return { p50: 0, p95: 0, p99: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted.at(-1)! };
}

/** A number with one decimal, as the report prints it. */
export const round1 = (value: number): number => Math.round(value * 10) / 10;
