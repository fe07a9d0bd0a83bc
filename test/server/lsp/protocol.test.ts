import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { ExecuteCommandRequest } from 'vscode-languageserver-protocol/node';
import { CHOOSE_SERVER_COMMAND, CHOOSE_SERVER_REQUEST, SERVER_COMMANDS, SERVERS_REQUEST, SOURCE_STATUS_REQUEST, commandParams } from '../../../server/src/lsp/protocol';
import { StdioLanguageClient } from '../../support/lspClient';
import { REPO_ROOT } from '../../support/paths';

/*
 * The protocol is declared once (server/src/lsp/protocol.ts): no other source of the server, the
 * client or the webview spells a custom method or command id, or declares a payload type of its
 * own under a protocol name; the webview takes types only (its bundle runs in a browser). And the
 * built server answers under the declared names and advertises exactly the declared commands.
 */

const PROTOCOL = 'server/src/lsp/protocol.ts';
const SOURCE_ROOTS = ['server/src', 'client/src', 'client/webview'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(join(REPO_ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true);
}

/** Every string literal and template text of a file, with its line. */
function literals(source: ts.SourceFile): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      out.push({ text: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The names of the interfaces and type aliases a file declares. */
function declaredTypes(source: ts.SourceFile): string[] {
  return source.statements.filter((s): s is ts.InterfaceDeclaration | ts.TypeAliasDeclaration => ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)).map((s) => s.name.text);
}

describe('the protocol module', () => {
  const files = SOURCE_ROOTS.flatMap(sourceFiles).filter((f) => f !== PROTOCOL);
  const sources = new Map(files.map((f) => [f, parse(f)]));

  it('is the only source that spells a custom method or a server command id', () => {
    assert.ok(files.length > 100, `the sources were found (${files.length})`);
    const commands = new Set<string>(SERVER_COMMANDS);
    const found: string[] = [];
    for (const [file, source] of sources) {
      for (const { text, line } of literals(source)) {
        if (text.startsWith('prometheus/') || commands.has(text)) found.push(`${file}:${line}: '${text}'`);
      }
    }
    assert.deepEqual(found, []);
  });

  it('is the only source that declares its payload types', () => {
    const names = new Set(declaredTypes(parse(PROTOCOL)));
    assert.ok(names.has('RunQueryResponse') && names.has('CredentialFileParams'), [...names].join(', '));
    const found: string[] = [];
    for (const [file, source] of sources) for (const name of declaredTypes(source)) if (names.has(name)) found.push(`${file}: ${name}`);
    assert.deepEqual(found, []);
  });

  it('is imported by the server, the client and the webview; the webview takes types only', () => {
    const importers = new Map<string, boolean>();
    for (const [file, source] of sources) {
      for (const statement of source.statements) {
        if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
        if (!/(^|\/)protocol$/.test(statement.moduleSpecifier.text)) continue;
        const clause = statement.importClause;
        const typeOnly = clause !== undefined && (clause.isTypeOnly || (clause.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
        importers.set(file, typeOnly);
      }
    }
    const roots = (root: string): string[] => [...importers.keys()].filter((f) => f.startsWith(`${root}/`));
    assert.ok(roots('server/src/lsp').length >= 2, [...importers.keys()].join(', '));
    assert.ok(roots('client/src').length >= 2, [...importers.keys()].join(', '));
    assert.ok(roots('client/webview').length >= 1, [...importers.keys()].join(', '));
    assert.deepEqual(roots('client/webview').filter((f) => !importers.get(f)).map((f) => relative(REPO_ROOT, join(REPO_ROOT, f))), []);
    assert.deepEqual(roots('server/src/service'), [], 'the language service knows no protocol');
  });

  it('is what the webview takes of the server; the client takes it and the text neutralisers', () => {
    const taken = (root: string): string[] => {
      const modules = new Set<string>();
      for (const [file, source] of sources) {
        if (!file.startsWith(`${root}/`)) continue;
        for (const statement of source.statements) {
          if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
          const target = relative(REPO_ROOT, join(REPO_ROOT, file, '..', statement.moduleSpecifier.text));
          if (target.startsWith('server/')) modules.add(target);
        }
      }
      return [...modules].sort();
    };
    assert.deepEqual(taken('client/webview'), ['server/src/lsp/protocol']);
    const client = taken('client/src');
    assert.ok(client.includes('server/src/lsp/protocol'), client.join(', '));
    assert.deepEqual(client.filter((m) => m !== 'server/src/lsp/protocol' && !m.startsWith('server/src/service/remoteText/')), []);
  });
});

describe('the protocol over stdio', () => {
  let client: StdioLanguageClient;
  let commands: string[] | undefined;

  before(async () => {
    client = new StdioLanguageClient();
    const result = await client.initialize(undefined, { servers: [{ name: 'one', url: 'http://127.0.0.1:9' }, { name: 'two', url: 'http://127.0.0.1:10' }] });
    commands = result.capabilities.executeCommandProvider?.commands;
  });

  after(async () => {
    const code = await client.stop();
    assert.equal(code, 0, `server exit code; stderr: ${client.stderr}`);
  });

  it('advertises exactly the declared commands', () => {
    assert.deepEqual([...(commands ?? [])].sort(), [...SERVER_COMMANDS].sort());
  });

  it('answers the declared requests under their names', async () => {
    assert.deepEqual(await client.connection.sendRequest(SERVERS_REQUEST), { servers: [{ name: 'one', url: 'http://127.0.0.1:9/' }, { name: 'two', url: 'http://127.0.0.1:10/' }], active: 'one' });
    assert.deepEqual(await client.connection.sendRequest(CHOOSE_SERVER_REQUEST, { name: 'two' }), { active: 'two' });
    assert.equal((await client.connection.sendRequest(SERVERS_REQUEST)).active, 'two');
    await assert.rejects(client.connection.sendRequest(CHOOSE_SERVER_REQUEST, { name: 'three' }), { code: -32602, message: 'no server named "three" in prometheus.servers' });
    assert.deepEqual(await client.connection.sendRequest(CHOOSE_SERVER_REQUEST, { name: null }), { active: 'one' });
    await client.waitUntil('both servers are live sources', () => client.sourceStatuses.length === 2);
    const { sources } = await client.connection.sendRequest(SOURCE_STATUS_REQUEST);
    assert.deepEqual(sources.map((s) => s.label).sort(), ['one', 'two']);
  });

  it('runs a declared command through workspace/executeCommand, and refuses a malformed one with a reason', async () => {
    assert.deepEqual(await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'prometheus.chooseServer', arguments: ['two'] }), { active: 'two' });
    // As the client sends it: the params built from the command's declared signature.
    assert.deepEqual(await client.connection.sendRequest(ExecuteCommandRequest.type, commandParams(CHOOSE_SERVER_COMMAND, 'one')), { active: 'one' });
    await assert.rejects(client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'prometheus.runQuery', arguments: [] }), { code: -32602, message: 'prometheus.runQuery takes { uri, queryIndex | range | position }' });
  });
});
