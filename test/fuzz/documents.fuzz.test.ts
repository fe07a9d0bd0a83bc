import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { snapshotOfExposition } from '../../server/src/service/catalog/expositionSnapshot';
import { parseExposition } from '../../server/src/service/exposition/expositionParser';
import { getLanguageService } from '../../server/src/service/languageService';
import { withLspAnswers } from '../support/lspAnswers';
import { checkTemplate } from '../../server/src/service/rules/goTemplate';
import { CORPUS } from '../support/paths';
import { assertReadByItemAsWhole } from '../support/yamlEventsByItem';
import { assertBuiltAsYamlParserBuilds } from '../support/yamlTreeDump';
import { FUZZ_RUNS, FUZZ_SEED, fuzzInputs, mutated } from './mutations';

/*
 * Fuzzing the YAML layer (configurations and rule files of the corpus, mutated), the exposition
 * parser (the corpus' /metrics bodies, good and bad, as text and as raw bytes) and the Go-template
 * checker (the corpus' annotations). Properties: nothing throws, and every problem lies inside the
 * input. The language service's completion and hover run at a random offset of each document too.
 */

function files(dir: string, pattern: RegExp, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) files(path, pattern, out);
    else if (pattern.test(entry)) out.push(path);
  }
  return out;
}

const read = (path: string): string => readFileSync(path, 'utf8');
const yamlSeeds = [...files(join(CORPUS, 'rules'), /\.ya?ml$/), ...files(join(CORPUS, 'config'), /\.ya?ml$/)]
  .map(read).filter((t) => t.length < 20_000);
const expositionSeeds = files(join(CORPUS, 'exposition'), /\.txt$/).map(read).map((t) => t.slice(0, 8000));
const templateSeeds = yamlSeeds.flatMap((t) => t.match(/\{\{[^\n]*\}\}/g) ?? []).slice(0, 2000);

const params = (runs: number) => ({ numRuns: runs, seed: FUZZ_SEED, endOnFailure: true });

describe('fuzzing the YAML, exposition and template layers', function () {
  this.timeout(0);

  it(`validates, completes and hovers mutated configurations and rule files (${Math.ceil(FUZZ_RUNS / 10)} inputs)`, () => {
    const service = withLspAnswers(getLanguageService());
    fc.assert(fc.property(mutated(yamlSeeds), fc.nat(), (text, at) => {
      const document = TextDocument.create('file:///fuzz.yml', 'yaml', 1, text);
      const model = service.parseDocument(document);
      if (!model) return;
      const end = document.positionAt(text.length);
      for (const d of service.validate(document, model)) {
        assert.ok(d.range.start.line <= end.line && d.range.end.line <= end.line, JSON.stringify(d.range));
      }
      const offset = text.length === 0 ? 0 : at % (text.length + 1);
      service.complete(document, model, offset);
      service.hover(document, model, offset);
      service.documentSymbols(document, model);
      service.format(document, model);
    }), params(Math.ceil(FUZZ_RUNS / 10)));
  });

  it(`builds mutated YAML from js-yaml's events exactly as the yaml parser does, or leaves it to it (${Math.ceil(FUZZ_RUNS / 5)} inputs)`, () => {
    fc.assert(fc.property(mutated(yamlSeeds), (text) => {
      assertBuiltAsYamlParserBuilds(text);
    }), params(Math.ceil(FUZZ_RUNS / 5)));
  });

  it(`reads mutated YAML item by item with the events of the whole text, or gives up (${Math.ceil(FUZZ_RUNS / 5)} inputs)`, () => {
    fc.assert(fc.property(mutated(yamlSeeds), (text) => {
      assertReadByItemAsWhole(text);
    }), params(Math.ceil(FUZZ_RUNS / 5)));
  });

  it(`parses mutated /metrics bodies, as text and as bytes (${FUZZ_RUNS} inputs)`, () => {
    fc.assert(fc.property(fuzzInputs(expositionSeeds), fc.boolean(), fc.uint8Array({ maxLength: 64 }), (text, openMetrics, noise) => {
      const bytes = Buffer.concat([Buffer.from(text), Buffer.from(noise)]);
      for (const body of [text, new Uint8Array(bytes)]) {
        const parsed = parseExposition(body, openMetrics ? 'openmetrics' : 'text');
        const lines = (typeof body === 'string' ? body : bytes.toString('latin1')).split('\n').length;
        for (const p of parsed.problems) assert.ok(p.line >= 0 && p.line < lines && p.column >= 0, JSON.stringify(p));
        snapshotOfExposition(parsed, 'fuzz');
      }
    }), params(FUZZ_RUNS));
  });

  it(`checks mutated alert templates (${FUZZ_RUNS} inputs)`, () => {
    fc.assert(fc.property(fuzzInputs(templateSeeds), (text) => {
      const { problems, labelReferences } = checkTemplate(text);
      for (const p of problems) assert.ok(p.offset >= 0 && p.offset + p.length <= text.length + 1, `${JSON.stringify(p)} in ${text.length}`);
      for (const r of labelReferences) assert.ok(JSON.stringify(r).length > 0);
    }), params(FUZZ_RUNS));
  });
});
