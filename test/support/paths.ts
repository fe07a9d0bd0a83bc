import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository's root (tests run from out/test/…). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

/** Fixture files live in the source tree, not in out/. */
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

/** The shared corpus: `../shared/corpus` beside the repository, or PROMETHEUS_LSP_CORPUS. */
export const CORPUS = process.env['PROMETHEUS_LSP_CORPUS'] ?? path.resolve(REPO_ROOT, '..', 'shared', 'corpus');

/** Files of public repositories: `../shared/realworld` beside the repository, or PROMETHEUS_LSP_REALWORLD. */
export const REALWORLD = process.env['PROMETHEUS_LSP_REALWORLD'] ?? path.resolve(REPO_ROOT, '..', 'shared', 'realworld');

export function readJsonLines<T>(file: string): T[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}
