import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './paths';

/** The README's example exporter URL, which the tests replace with a live one. */
export const README_EXAMPLE_SCRAPE_URL = 'http://localhost:8000/metrics';

/**
 * The body of the README's fenced code block whose first line contains `marker` (the comment that
 * names the snippet), so that the tests run the very text users copy.
 */
export function readmeSnippet(marker: string): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  for (const match of readme.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)) {
    const body = match[1];
    if (body.slice(0, body.indexOf('\n')).includes(marker)) return body;
  }
  throw new Error(`README.md has no code block whose first line says "${marker}"`);
}
