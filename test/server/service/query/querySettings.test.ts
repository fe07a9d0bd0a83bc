import * as assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, toSettings } from '../../../../server/src/settings/settings';

/** The settings of query runs: defaults, and wrong values falling back to them. */
describe('query run settings', () => {
  it('has defaults', () => {
    const s = toSettings({});
    assert.deepEqual([s.queryTimeoutMs, s.queryMaxSeries, s.graphRangeSeconds, s.templateVariables, s.codeLens], [30_000, 500, 3600, {}, true]);
    assert.equal(DEFAULT_SETTINGS.queryTimeoutMs, 30_000);
  });

  it('reads well-formed values', () => {
    const s = toSettings({ queryTimeoutMs: 2000, queryMaxSeries: 20, graphRange: '6h', templateVariables: { job: 'api', replicas: 3, 'bad name': 'x', env: {} }, codeLens: false });
    assert.deepEqual([s.queryTimeoutMs, s.queryMaxSeries, s.graphRangeSeconds, s.templateVariables, s.codeLens], [2000, 20, 21_600, { job: 'api', replicas: '3' }, false]);
    assert.equal(toSettings({ graphRange: 900 }).graphRangeSeconds, 900);
  });

  it('keeps wrong values from breaking anything', () => {
    const s = toSettings({ queryTimeoutMs: 'soon', queryMaxSeries: -5, graphRange: 'forever', templateVariables: ['x'] });
    assert.deepEqual([s.queryTimeoutMs, s.queryMaxSeries, s.graphRangeSeconds, s.templateVariables], [30_000, 1, 3600, {}]);
    assert.equal(toSettings({ graphRange: '1s' }).graphRangeSeconds, 60, 'a minute at least');
  });
});

/** `prometheus.preview.window`: nested as VS Code sends it, or dotted as a flat settings file has it. */
describe('the preview window setting', () => {
  const cases: [string, Record<string, unknown>, number][] = [
    ['absent: 6 h', {}, 21_600],
    ['nested, a duration', { preview: { window: '24h' } }, 86_400],
    ['nested, seconds', { preview: { window: 7200 } }, 7200],
    ['dotted key', { 'preview.window': '7d' }, 604_800],
    ['not a duration', { preview: { window: 'long' } }, 21_600],
    ['less than a minute', { preview: { window: '5s' } }, 60],
    ['not an object', { preview: 'x' }, 21_600],
  ];
  for (const [name, section, seconds] of cases) it(name, () => assert.equal(toSettings(section).previewWindowSeconds, seconds));
});
