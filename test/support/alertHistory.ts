import type { HistorySeries } from './tsdbHistory';

/*
 * The known past the preview tests replay (tsdbHistory.ts loads it into real servers): ending at
 * `end` (a whole minute), three hours of samples every 15 s.
 * - `demo_errors_total{instance="a",job="api"}` bursts for 12 minutes from `end - 100m` (+10 per
 *   sample), flat before and after: `increase(…[1m]) > 0` holds at the steps `burst + 1m` … `burst + 12m`.
 * - `demo_queue_depth{queue="q1"}` flaps from `end - 60m` with the minute pattern FLAP_Q1 (`1`: 25,
 *   `_`: 5); `q2` spikes at minute 5; `q3` appears at `end - 40m`; `q4` vanishes after `end - 30m`.
 * The rule file holds the rules the tests preview, and what they must show is worked out in the tests.
 */

export const FLAP_Q1 = '11_1111111__1';
export const FLAP_Q2 = '_____1';

export function alertHistory(end: number): { series: HistorySeries[]; burst: number; flap: number } {
  const start = end - 180 * 60;
  const burst = end - 100 * 60;
  const flap = end - 60 * 60;
  const times = (from: number, to: number): number[] => {
    const out: number[] = [];
    for (let t = from; t <= to; t += 15) out.push(t);
    return out;
  };
  const errors = times(start, end).map((t): [number, number] => [t, 10 * Math.min(48, Math.max(0, Math.floor((t - burst) / 15)))]);
  const depth = (pattern: string) => (t: number): [number, number] => {
    const minute = Math.floor((t - flap) / 60);
    return [t, minute >= 0 && pattern[minute] === '1' ? 25 : 5];
  };
  return {
    burst,
    flap,
    series: [
      { family: 'demo_errors', type: 'counter', labels: { instance: 'a', job: 'api' }, points: errors },
      { family: 'demo_queue_depth', type: 'gauge', labels: { queue: 'q1' }, points: times(start, end).map(depth(FLAP_Q1)) },
      { family: 'demo_queue_depth', type: 'gauge', labels: { queue: 'q2' }, points: times(start, end).map(depth(FLAP_Q2)) },
      { family: 'demo_queue_depth', type: 'gauge', labels: { queue: 'q3' }, points: times(end - 40 * 60, end).map((t): [number, number] => [t, 5]) },
      { family: 'demo_queue_depth', type: 'gauge', labels: { queue: 'q4' }, points: times(start, end - 30 * 60).map((t): [number, number] => [t, 5]) },
    ],
  };
}

export const HISTORY_RULES = `groups:
  - name: demo
    interval: 1m
    rules:
      - alert: ErrorBurst
        expr: increase(demo_errors_total[1m]) > 0
        for: 5m
        labels:
          severity: '{{ if gt $value 30.0 }}page{{ else }}ticket{{ end }}'
        annotations:
          summary: '{{ $labels.instance }} of {{ $labels.job }}: {{ $value }} errors in 1m ({{ humanize $value }})'
          queues: 'queues hold {{ with query "sum(demo_queue_depth)" }}{{ . | first | value | printf "%.0f" }}{{ end }} in {{ $externalLabels.cluster }}'
          broken: '{{ if gt $value 10 }}many{{ end }}'
      - alert: ErrorBurstHeld
        expr: increase(demo_errors_total[1m]) > 0
        for: 5m
        keep_firing_for: 10m
        labels:
          job: ''
      - alert: QueueFlapping
        expr: demo_queue_depth > 10
        for: 3m
        annotations:
          summary: 'queue {{ $labels.queue }} at {{ $value }}'
      - alert: QueueHeld
        expr: demo_queue_depth > 10
        keep_firing_for: 3m
      - record: queue:demo_queue_depth:max
        expr: max by (queue) (demo_queue_depth)
        labels:
          team: infra
      - alert: Broken
        expr: rate(demo_errors_total[1m]
`;
