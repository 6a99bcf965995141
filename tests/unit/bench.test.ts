// The benchmark's arithmetic (its figures are measured by `npm run bench`, never asserted here).
import { bundleSizeOf, perConcernKiB } from '../../bench/footprint';
import { latency, percentile, ratio } from '../../bench/stats';

describe('benchmark statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([
      percentile(samples, 50),
      percentile(samples, 95),
      percentile(samples, 99),
      percentile(samples, 100),
    ]).toEqual([50, 95, 99, 100]);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarises unsorted samples and rounds ratios', () => {
    expect(latency([30, 10, 20])).toEqual({ count: 3, p50Ms: 20, p95Ms: 30, p99Ms: 30 });
    expect(ratio(12, 10)).toBe(1.2);
    expect(ratio(1, 3)).toBe(0.33);
  });

  it('sizes the bundle with and without its inline source map', () => {
    const code = `${'x'.repeat(2048)}\n//# sourceMappingURL=data:application/json;base64,${'A'.repeat(4096)}`;
    expect(bundleSizeOf(code)).toEqual({ kiB: 6, codeKiB: 2 });
    expect(bundleSizeOf('y'.repeat(3072))).toEqual({ kiB: 3, codeKiB: 3 });
  });

  it('takes the memory per concern from the growth between the smallest and largest scale', () => {
    const scale = [
      { openConcerns: 100, workerRssMb: 300 },
      { openConcerns: 1000, workerRssMb: 450 },
      { openConcerns: 10_000, workerRssMb: 1300 },
    ];
    expect(perConcernKiB(scale)).toBe(103);
    expect(perConcernKiB(scale.slice(0, 1))).toBeNull();
  });
});
