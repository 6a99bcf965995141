// The benchmark's arithmetic (its figures are measured by `npm run bench`, never asserted here).
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
});
