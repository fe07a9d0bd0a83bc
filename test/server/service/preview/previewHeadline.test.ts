import * as assert from 'node:assert/strict';
import { previewHeadline } from '../../../../server/src/service/preview/previewHeadline';
import { previewStep } from '../../../../server/src/service/preview/previewStep';
import type { AlertSpan, RulePreview } from '../../../../server/src/service/preview/rulePreview';

/* The words a preview leaves after its rule: how often it fired in the window, and whether it fires now. */

const window = { start: 0, end: 6 * 3600, step: 60 };
const alert = (...instances: AlertSpan[][]): RulePreview => ({
  file: 'f', group: 'g', rule: 'R', kind: 'alert', window, summary: '', instances: instances.map((spans) => ({ labels: {}, spans, annotations: {} })),
});

describe('the inline line of a preview', () => {
  const cases: [string, RulePreview, string][] = [
    ['never active', alert(), 'never fired in 6 h'],
    ['pending only, still pending', alert([{ state: 'pending', start: 10, end: null }]), 'pending now · never fired in 6 h'],
    ['three firings over two instances, one still firing', alert(
      [{ state: 'pending', start: 0, end: 60 }, { state: 'firing', start: 60, end: 600 }, { state: 'firing', start: 900, end: 1200 }],
      [{ state: 'firing', start: 3000, end: null }],
    ), 'firing now · fired 3× in 6 h'],
    ['a failed evaluation', { ...alert(), error: 'parse error' }, 'preview failed: parse error'],
    ['a recording rule', { ...alert(), kind: 'record', series: 12400, churn: { appeared: 3, vanished: 1 } }, 'records 12,400 series · +3 −1 in 6 h'],
    ['a steady recording rule', { ...alert(), kind: 'record', series: 1, churn: { appeared: 0, vanished: 0 } }, 'records 1 series'],
  ];
  for (const [name, preview, expected] of cases) it(name, () => assert.equal(previewHeadline(preview), expected));
});

describe('the step of a preview', () => {
  const cases: [number, number, number][] = [
    [6 * 3600, 15, 15], [86_400, 15, 15], [7 * 86_400, 15, 60], [7 * 86_400, 60, 60], [30 * 86_400, 60, 240], [3600, 0, 60],
  ];
  for (const [window, interval, step] of cases) {
    it(`${window / 3600} h at a ${interval}s interval: every ${step}s`, () => {
      assert.equal(previewStep(window, interval), step);
      assert.ok(window / step < 11_000, 'within what Prometheus returns per series');
    });
  }
});
