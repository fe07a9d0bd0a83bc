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

describe('settings an untrusted workspace cannot set', () => {
  // VS Code ignores a workspace's value of these in Restricted Mode and passes the user's own.
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
    contributes: { configuration: { properties: Record<string, unknown> } };
  };
  const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
  for (const key of ['prometheus.servers', 'prometheus.scrapeUrls', 'prometheus.scrapeConfigTargets', 'prometheus.documentTypes']) {
    it(`${key} is restricted, and a contributed setting`, () => {
      assert.ok(restricted.includes(key));
      assert.ok(key in manifest.contributes.configuration.properties);
    });
  }
});
