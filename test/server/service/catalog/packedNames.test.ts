import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bestNameMatches, fuzzyScore } from '../../../../server/src/service/catalog/fuzzyMatch';
import { bestPackedMatches, packNames, packedScore } from '../../../../server/src/service/catalog/packedNames';
import { CORPUS } from '../../../support/paths';

/*
 * The catalog's packed names must rank exactly as the names themselves: packedScore against
 * fuzzyScore name by name, and bestPackedMatches against bestNameMatches (order of equal scores
 * included), over the metric names of real expositions and names the buffer must leave out.
 */

const expositions = ['live__node_exporter_1.5.0_text.txt', 'live__prometheus_2.42.0_text.txt'];
const realNames = [...new Set(expositions.flatMap((file) => fs.readFileSync(path.join(CORPUS, 'exposition', file), 'utf8')
  .split('\n').filter((line) => line !== '' && !line.startsWith('#')).map((line) => /^[A-Za-z_:][A-Za-z0-9_:]*/.exec(line)![0])))];

const oddNames = [
  'HTTP_Requests_Total', 'node:cpu:rate5m', 'a.b.c', 'x', '', 'Ünïcode_total', 'café_latency_seconds', 'snowman_☃_total',
  'métrique_€_count', 'ÀÉÎ_upper', 'go_gc_duration_seconds', '_leading', 'trailing_', 'x'.repeat(300),
  'x'.repeat(255),
];

const patterns = ['', 'n', 'N', 'node_', 'NODE_CPU', 'ncs', 'gcds', 'go_', '_', ':', '.', 'cpu:rate', 'é', 'É', '€', '☃', 'ünï', 'total',
  'http_req', 'xxxxxxxxxxxx', 'zzz', 'prometheus_tsdb', 'ptsdb', 'seconds_count', 'a.c'];

describe('packed names', () => {
  const names = [...realNames, ...oddNames];
  const packed = packNames(names);

  it('reads real expositions (a fixture check)', () => assert.ok(realNames.length > 400, `${realNames.length} names`));

  // Where each name starts in the buffer: after the lengths of the names before it.
  const starts = [0];
  for (const length of packed.lengths) starts.push(starts[starts.length - 1] + length);

  it('scores every name as fuzzyScore does', () => {
    for (const pattern of patterns) {
      names.forEach((name, i) => {
        if (packed.lengths[i] === 0 && name !== '') return; // left out of the buffer: scored from its string
        assert.equal(packedScore(pattern, packed.chars, starts[i], starts[i + 1]), fuzzyScore(pattern, name), `${pattern} in ${name}`);
      });
    }
  });

  it('leaves out only the names with a character above U+00FF or longer than 255 characters', () => {
    const left = names.filter((name, i) => name !== '' && packed.lengths[i] === 0);
    assert.deepEqual(left, ['snowman_☃_total', 'métrique_€_count', 'x'.repeat(300)]);
  });

  it('picks the same matches in the same order as bestNameMatches', () => {
    for (const pattern of patterns) {
      for (const limit of [0, 1, 7, 100, 5000]) {
        assert.deepEqual(bestPackedMatches(pattern, packed, (i) => names[i], limit), bestNameMatches(pattern, names, undefined, limit), `${pattern}, ${limit}`);
      }
    }
  });
});
