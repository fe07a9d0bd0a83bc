import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { settingsFromInitializationOptions } from '../../../server/src/settings/settings';
import { REPO_ROOT } from '../../support/paths';

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

describe('the promtoolPath and cost settings', () => {
  const cases: [unknown, string, { maxSeries: number; maxSamples: number }][] = [
    [undefined, '', { maxSeries: 10_000, maxSamples: 10_000_000 }],
    [{ promtoolPath: ' /opt/bin/promtool ', cost: { maxSeries: 50, maxSamples: 2e6 } }, '/opt/bin/promtool', { maxSeries: 50, maxSamples: 2_000_000 }],
    [{ promtoolPath: 3, cost: { maxSeries: -1, maxSamples: 'x' } }, '', { maxSeries: 1, maxSamples: 10_000_000 }],
  ];
  for (const [options, promtoolPath, cost] of cases) {
    it(`${JSON.stringify(options)}`, () => {
      const settings = settingsFromInitializationOptions(options);
      assert.equal(settings.promtoolPath, promtoolPath);
      assert.deepEqual(settings.cost, cost);
    });
  }
});

describe('settings an untrusted workspace cannot set', () => {
  // VS Code ignores a workspace's value of these in Restricted Mode and passes the user's own.
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
    contributes: { configuration: { properties: Record<string, unknown> } };
  };
  const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
  // promtoolPath names a program Run tests starts.
  for (const key of ['prometheus.servers', 'prometheus.scrapeUrls', 'prometheus.scrapeConfigTargets', 'prometheus.documentTypes', 'prometheus.promtoolPath']) {
    it(`${key} is restricted, and a contributed setting`, () => {
      assert.ok(restricted.includes(key));
      assert.ok(key in manifest.contributes.configuration.properties);
    });
  }
});
