import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS } from './paths';

// The corpus' PromQL, for the tests that compare two ways of reading it (lexers, label flows).

/** Every expression of the corpus: its PromQL lists and the `expr:` lines of its rule files. */
export function corpusExpressions(): string[] {
  const lines = ['valid.txt', 'invalid.txt'].flatMap((file) => readFileSync(join(CORPUS, 'promql', file), 'utf8').split('\n'));
  const rules = readdirSync(join(CORPUS, 'rules'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f));
  for (const file of rules) {
    for (const match of readFileSync(join(CORPUS, 'rules', file), 'utf8').matchAll(/^\s*expr:\s*(.+)$/gm)) lines.push(match[1]!);
  }
  return lines.filter((line) => line.trim() !== '');
}
