import * as assert from 'node:assert/strict';
import { approximationNote, previewWindow } from '../../../../server/src/service/preview/previewRule';
import { alertSummary, recordingSummary, spanText } from '../../../../server/src/service/preview/previewSummary';
import type { AlertInstance, AlertSpan } from '../../../../server/src/service/preview/rulePreview';

/*
 * The window a preview evaluates (its step from the group, the configuration or 1m; aligned on the
 * step) and the summary lines in the words.
 */

const WINDOWS: [string, Parameters<typeof previewWindow>[0], Parameters<typeof previewWindow>[1], { start: number; end: number; step: number }][] = [
  ['the group\'s interval first', { groupInterval: 30 }, { now: 10_000, evaluationInterval: 15 }, { start: 9990 - 6 * 3600, end: 9990, step: 30 }],
  ['else the configuration\'s evaluation_interval', {}, { now: 10_000, evaluationInterval: 15 }, { start: 9990 - 6 * 3600, end: 9990, step: 15 }],
  ['else 1m', {}, { now: 10_000 }, { start: 9960 - 6 * 3600, end: 9960, step: 60 }],
  ['an explicit step wins (the CLI\'s --step)', { groupInterval: 30 }, { now: 10_000, step: 300, since: 3600 }, { start: 6300, end: 9900, step: 300 }],
  ['a window that is no whole number of steps is cut to one', {}, { now: 600, since: 150 }, { start: 480, end: 600, step: 60 }],
];

const span = (state: AlertSpan['state'], start: number, end: number | null): AlertSpan => ({ state, start, end });
const instance = (...spans: AlertSpan[]): AlertInstance => ({ labels: {}, spans, annotations: {} });
const WINDOW = { start: 0, end: 6 * 3600, step: 60 };

const ALERTS: [string, AlertInstance[], ('pending' | 'firing' | 'inactive')[], string][] = [
  ['the issue\'s example', [instance(span('pending', 0, 300), span('firing', 300, 2700), span('pending', 9000, 9300), span('firing', 9300, 9600)), instance(span('firing', 16_080, null))], ['inactive', 'firing'],
    'would have fired 3 times for 2 label sets in the last 6 h; longest 1 h 32 min; now: firing'],
  ['once', [instance(span('pending', 0, 300), span('firing', 300, 2700))], ['inactive'], 'would have fired once for 1 label set in the last 6 h; longest 40 min; now: inactive'],
  ['pending only', [instance(span('pending', 0, 120), span('pending', 600, 780)), instance(span('pending', 21_540, null))], ['inactive', 'pending'],
    'would not have fired in the last 6 h: pending 3 times for 2 label sets, longest 3 min; now: pending'],
  ['nothing', [], [], 'would not have fired in the last 6 h: the expression returned nothing; now: inactive'],
];

describe('preview windows and summaries', () => {
  for (const [name, input, options, expected] of WINDOWS) {
    it(`window: ${name}`, () => assert.deepEqual(previewWindow(input, options), expected));
  }
  for (const [name, instances, states, expected] of ALERTS) {
    it(`alert summary: ${name}`, () => assert.equal(alertSummary(instances, states.map((state) => ({ state })), WINDOW), expected));
  }
  it('recording summary', () => {
    assert.equal(recordingSummary(12_400, { appeared: 3, vanished: 1 }, WINDOW), 'records 12400 series now; 3 appeared and 1 vanished in the last 6 h');
    assert.equal(recordingSummary(0, undefined, WINDOW), 'records nothing now');
  });
  it('spans as a person reads them', () => {
    assert.deepEqual([45, 60, 2400, 3600, 5520, 86_400, 7 * 86_400].map(spanText), ['45 s', '1 min', '40 min', '1 h', '1 h 32 min', '1 d', '7 d']);
  });
  it('says that a range query approximates the rule\'s evaluation times', () => {
    assert.match(approximationNote(60), /range query every 1m: this approximates the rule's own evaluation times/);
  });
});
