import * as assert from 'node:assert/strict';
import { settingsFromInitializationOptions } from '../../../server/src/lsp/settings';

describe('settings from initializationOptions', () => {
  const url = 'http://127.0.0.1:9100/metrics';
  const cases: { name: string; options: unknown; scrapeUrls: string[] }[] = [
    { name: 'the prometheus section itself', options: { scrapeUrls: [url] }, scrapeUrls: [url] },
    { name: 'the section under "prometheus", as Helix sends its config table', options: { prometheus: { scrapeUrls: [url] } }, scrapeUrls: [url] },
    { name: 'nothing', options: undefined, scrapeUrls: [] },
    { name: 'a "prometheus" key that is not an object', options: { prometheus: 'yes', scrapeUrls: [url] }, scrapeUrls: [url] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(settingsFromInitializationOptions(c.options).scrapeUrls.map((s) => s.url), c.scrapeUrls));
  }
});

describe('the ruleDialect setting', () => {
  const cases: [unknown, string][] = [[{ ruleDialect: 'vmalert' }, 'vmalert'], [{ prometheus: { ruleDialect: 'thanos' } }, 'thanos'], [{ ruleDialect: 'loki' }, 'prometheus'], [{ ruleDialect: 3 }, 'prometheus'], [undefined, 'prometheus']];
  for (const [options, dialect] of cases) {
    it(`${JSON.stringify(options)} reads ${dialect}`, () => assert.equal(settingsFromInitializationOptions(options).ruleDialect, dialect));
  }
});
