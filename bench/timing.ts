// How the in-process benchmarks time their work: the median of 20 runs after 5 warm-up runs, to a tenth of a ms.

export const WARM_UPS = 5;
export const RUNS = 20;

export const median = (values: number[]): number => {
  const sorted = values.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

export const roundToTenth = (ms: number): number => Math.round(ms * 10) / 10;

/** The median time of `work`, run synchronously WARM_UPS times unmeasured and then RUNS times measured. */
export const timeMedian = (work: () => unknown): number => {
  for (let i = 0; i < WARM_UPS; i += 1) work();
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    work();
    runs.push(performance.now() - started);
  }
  return roundToTenth(median(runs));
};
