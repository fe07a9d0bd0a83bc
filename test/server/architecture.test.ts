import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { REPO_ROOT } from '../support/paths';

/*
 * The layering the design promises (docs/architecture.md, issue 17), checked on the sources' import
 * statements: no module imports itself back through others, `cli/` does not reach into the LSP
 * edge, and the language service names no LSP transport, file system or network module.
 */

interface SourceGraph {
  /** Repository-relative paths of the TypeScript files, `/`-separated. */
  readonly files: readonly string[];
  /** Per file: what it imports, as written (module specifiers, type-only imports included). */
  readonly specifiers: ReadonlyMap<string, readonly string[]>;
  /** Per file: the files of the same tree it imports. */
  readonly edges: ReadonlyMap<string, readonly string[]>;
}

function sourceGraph(root: string): SourceGraph {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.push(path.relative(REPO_ROOT, full).split(path.sep).join('/'));
    }
  };
  walk(path.join(REPO_ROOT, root));
  const known = new Set(files);
  const specifiers = new Map<string, string[]>();
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const imported = ts.preProcessFile(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'), true, true).importedFiles.map((f) => f.fileName);
    specifiers.set(file, imported);
    const targets: string[] = [];
    for (const specifier of imported) {
      if (!specifier.startsWith('.')) continue;
      const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      const target = [`${base}.ts`, `${base}/index.ts`].find((candidate) => known.has(candidate));
      if (target) targets.push(target);
    }
    edges.set(file, targets);
  }
  return { files, specifiers, edges };
}

/** The import cycles: strongly connected components of more than one file, or a file importing itself (Tarjan). */
function importCycles(graph: SourceGraph): string[][] {
  const indexOf = new Map<string, number>();
  const lowOf = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (file: string): void => {
    indexOf.set(file, next);
    lowOf.set(file, next);
    next++;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.edges.get(file) ?? []) {
      if (!indexOf.has(target)) {
        visit(target);
        lowOf.set(file, Math.min(lowOf.get(file)!, lowOf.get(target)!));
      } else if (onStack.has(target)) {
        lowOf.set(file, Math.min(lowOf.get(file)!, indexOf.get(target)!));
      }
    }
    if (lowOf.get(file) !== indexOf.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || (graph.edges.get(file) ?? []).includes(file)) cycles.push(component.sort());
  };
  for (const file of graph.files) if (!indexOf.has(file)) visit(file);
  return cycles;
}

describe('architecture', () => {
  const server = sourceGraph('server/src');
  const client = sourceGraph('client/src');

  it('finds the import statements it checks', () => {
    // A reader that found nothing would pass every test below.
    assert.ok(server.files.length > 100, `${server.files.length} server files`);
    assert.ok((server.edges.get('server/src/lsp/server.ts') ?? []).length > 5);
  });

  for (const [name, graph] of [['server/src', server], ['client/src', client]] as const) {
    it(`has no import cycle in ${name}`, () => {
      assert.deepEqual(importCycles(graph), []);
    });
  }

  it('keeps cli/ away from the LSP edge', () => {
    // server/src/main.ts, the command's entry, plugs the `serve` verb of lsp/ into cli/.
    const offending = server.files.filter((f) => f.startsWith('server/src/cli/')).flatMap((f) =>
      (server.edges.get(f) ?? []).filter((t) => t.startsWith('server/src/lsp/')).map((t) => `${f} -> ${t}`));
    assert.deepEqual(offending, []);
  });

  it('keeps the language service free of transport, files and network', () => {
    const forbidden = /^(vscode-languageserver(\/.*)?|vscode|(node:)?(fs|fs\/promises|http|https|net|tls|dgram|dns|child_process|worker_threads))$/;
    const offending = server.files.filter((f) => f.startsWith('server/src/service/')).flatMap((f) =>
      (server.specifiers.get(f) ?? []).filter((s) => forbidden.test(s)).map((s) => `${f} -> ${s}`));
    assert.deepEqual(offending, []);
  });

  it('leaves LSP to lsp/: no layer below it, nor cli/, names an LSP package', () => {
    // vscode-languageserver-textdocument is a text with line offsets (positionAt, offsetAt), no protocol.
    const lsp = /^vscode-languageserver(-types|-protocol)?(\/.*)?$/;
    const below = /^server\/src\/(service|sources|settings|fileSystem|cli)\//;
    const offending = server.files.filter((f) => below.test(f)).flatMap((f) =>
      (server.specifiers.get(f) ?? []).filter((s) => lsp.test(s)).map((s) => `${f} -> ${s}`));
    assert.deepEqual(offending, []);
    // The check reads real imports: lsp/ does name the protocol.
    assert.ok((server.specifiers.get('server/src/lsp/toLsp.ts') ?? []).some((s) => lsp.test(s)));
  });

  it('keeps service/ from importing the layers above it', () => {
    const offending = server.files.filter((f) => f.startsWith('server/src/service/')).flatMap((f) =>
      (server.edges.get(f) ?? []).filter((t) => !t.startsWith('server/src/service/')).map((t) => `${f} -> ${t}`));
    assert.deepEqual(offending, []);
  });
});
