import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { CodeGrammars, GrammarName } from '../service/instrumentation/codeParser';

/*
 * Loads web-tree-sitter and the grammars that read application code, from disk: the .wasm files
 * sit next to the bundle in dist/ (esbuild.mjs copies them there, the .vsix ships them) or, when
 * running from out/ (tests, `tsc` builds), in node_modules. Loaded once per process and per
 * grammar, on first use; the service receives the result as a `CodeGrammars`.
 */

/** The npm package holding each grammar's .wasm file. */
const GRAMMAR_PACKAGES: Readonly<Record<GrammarName, string>> = {
  python: 'tree-sitter-python',
  javascript: 'tree-sitter-javascript',
  typescript: 'tree-sitter-typescript',
  tsx: 'tree-sitter-typescript',
};

export const ALL_GRAMMARS: readonly GrammarName[] = ['python', 'javascript', 'typescript', 'tsx'];

/** The .wasm files a bundle needs beside it: web-tree-sitter's runtime and each grammar (esbuild.mjs copies them). */
export function grammarWasmFiles(): { readonly file: string; readonly source: string }[] {
  const runtime = { file: 'tree-sitter.wasm', source: resolvePackageFile('web-tree-sitter', 'tree-sitter.wasm') };
  return [runtime, ...ALL_GRAMMARS.map((grammar) => ({ file: wasmName(grammar), source: resolvePackageFile(GRAMMAR_PACKAGES[grammar], wasmName(grammar)) }))];
}

function wasmName(grammar: GrammarName): string {
  return `tree-sitter-${grammar}.wasm`;
}

const requireHere = createRequire(__filename);

function resolvePackageFile(pkg: string, file: string): string {
  return requireHere.resolve(`${pkg}/${file}`);
}

/** A .wasm file beside the running bundle, else in its package. */
function locate(pkg: string, file: string): string {
  const beside = path.join(__dirname, file);
  return existsSync(beside) ? beside : resolvePackageFile(pkg, file);
}

let runtime: Promise<void> | undefined;
const languages = new Map<GrammarName, Promise<Language | undefined>>();
const parsers = new Map<GrammarName, Parser>();

function initRuntime(): Promise<void> {
  runtime ??= Parser.init({ locateFile: (name: string) => locate('web-tree-sitter', name) });
  return runtime;
}

async function loadLanguage(grammar: GrammarName): Promise<Language | undefined> {
  await initRuntime();
  try {
    return await Language.load(readFileSync(locate(GRAMMAR_PACKAGES[grammar], wasmName(grammar))));
  } catch {
    return undefined;
  }
}

/**
 * The grammars asked for, loaded (each once per process). A grammar that cannot be loaded gives no
 * parser: its files are read as defining nothing.
 */
export async function loadCodeGrammars(grammars: readonly GrammarName[] = ALL_GRAMMARS): Promise<CodeGrammars> {
  for (const grammar of grammars) {
    if (!languages.has(grammar)) languages.set(grammar, loadLanguage(grammar));
  }
  for (const grammar of grammars) {
    const language = await languages.get(grammar);
    if (language && !parsers.has(grammar)) parsers.set(grammar, new Parser().setLanguage(language));
  }
  return { parser: (grammar) => parsers.get(grammar) };
}
