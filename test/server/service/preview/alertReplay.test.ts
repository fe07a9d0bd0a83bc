import * as assert from 'node:assert/strict';
import { replayAlerts, type Evaluation } from '../../../../server/src/service/preview/alertReplay';

/*
 * Prometheus' alerting state machine replayed over evaluations one minute apart. Each case gives,
 * per label set, when the expression returned it (`1`) or not (`_`), one character per minute from
 * minute 0; and the spans expected, `P3-6` (pending from minute 3 to 6) or `F6-` (firing, still at
 * the last evaluation). The expectations follow rules/alerting.go: pending at the first active
 * evaluation, firing once active for `for:` (at once for `for: 0`), kept firing for
 * `keep_firing_for:` counted from the first evaluation it is not returned, resolved at the first
 * evaluation past that, a label set that returns after it resolved starting pending again.
 */

interface Case {
  readonly name: string;
  readonly holdFor: number;
  readonly keepFiringFor?: number;
  readonly active: Readonly<Record<string, string>>;
  readonly spans: Readonly<Record<string, string>>;
  readonly state?: Readonly<Record<string, 'pending' | 'firing' | 'inactive'>>;
}

const CASES: readonly Case[] = [
  { name: 'for: 0 fires at the first active evaluation', holdFor: 0, active: { a: '__111__' }, spans: { a: 'F2-5' } },
  { name: 'for: 3m: pending 3 minutes, then firing', holdFor: 180, active: { a: '_1111111___' }, spans: { a: 'P1-4 F4-8' } },
  { name: 'inactive before for: elapses: pending only', holdFor: 180, active: { a: '11_1_' }, spans: { a: 'P0-2 P3-4' } },
  { name: 'a flapping gauge with for: 3m', holdFor: 180, active: { q1: '11_1111111__1_' }, spans: { q1: 'P0-2 P3-6 F6-10 P12-13' } },
  { name: 'keep_firing_for holds through the gaps shorter than it', holdFor: 0, keepFiringFor: 180, active: { q1: '11_1111111__1______' }, spans: { q1: 'F0-16' } },
  { name: 'keep_firing_for: resolved 3 minutes after the last active evaluation', holdFor: 0, keepFiringFor: 180, active: { q2: '_____1________' }, spans: { q2: 'F5-9' } },
  { name: 'keep_firing_for does not hold a pending alert', holdFor: 300, keepFiringFor: 600, active: { a: '111_____' }, spans: { a: 'P0-3' } },
  { name: 'keep_firing_for after for: fired', holdFor: 120, keepFiringFor: 120, active: { a: '1111____' }, spans: { a: 'P0-2 F2-6' } },
  { name: 'still firing at the end', holdFor: 60, active: { a: '___111' }, spans: { a: 'P3-4 F4-' }, state: { a: 'firing' } },
  { name: 'still pending at the end', holdFor: 600, active: { a: '___111' }, spans: { a: 'P3-' }, state: { a: 'pending' } },
  { name: 'held by keep_firing_for at the end', holdFor: 0, keepFiringFor: 600, active: { a: '11____' }, spans: { a: 'F0-' }, state: { a: 'firing' } },
  { name: 'label sets are independent', holdFor: 60, active: { a: '111___', b: '__1111' }, spans: { a: 'P0-1 F1-3', b: 'P2-3 F3-' }, state: { a: 'inactive', b: 'firing' } },
  { name: 'never active: no instance', holdFor: 0, active: { a: '______' }, spans: {} },
];

function evaluationsOf(active: Readonly<Record<string, string>>): Evaluation<string>[] {
  const length = Math.max(...Object.values(active).map((p) => p.length));
  return Array.from({ length }, (_, minute) => ({
    time: minute * 60,
    active: Object.entries(active).filter(([, pattern]) => pattern[minute] === '1').map(([key]) => ({ key, payload: `${key}@${minute}` })),
  }));
}

function spansText(spans: readonly { state: string; start: number; end: number | null }[]): string {
  return spans.map((s) => `${s.state === 'firing' ? 'F' : 'P'}${s.start / 60}-${s.end === null ? '' : s.end / 60}`).join(' ');
}

describe('alert replay (Prometheus\' alerting state machine)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const replayed = replayAlerts(evaluationsOf(c.active), c.holdFor, c.keepFiringFor ?? 0);
      assert.deepEqual(Object.fromEntries(replayed.map((a) => [a.key, spansText(a.spans)])), c.spans);
      if (c.state) assert.deepEqual(Object.fromEntries(replayed.map((a) => [a.key, a.state])), c.state);
    });
  }

  it('keeps the sample of the last firing evaluation, not a later pending one', () => {
    // Fires at minutes 1-2, resolves, comes back pending at 5 without firing again.
    const [alert] = replayAlerts(evaluationsOf({ a: '111__1' }), 60, 0);
    assert.deepEqual(alert.last, { time: 120, payload: 'a@2', firing: true });
  });

  it('keeps the last active sample of an alert that never fired', () => {
    const [alert] = replayAlerts(evaluationsOf({ a: '_11___' }), 600, 0);
    assert.deepEqual(alert.last, { time: 120, payload: 'a@2', firing: false });
  });
});
