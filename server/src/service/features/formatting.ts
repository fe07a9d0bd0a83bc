import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument } from 'yaml';
import type { DocumentModel } from '../documents/documentModel';
import type { PromQLAnalysis } from '../promql/analysis';
import { prettyPrint } from '../promql/printer';
import { lineStartOf } from './yamlPath';
import type { TextRange } from '../promql/syntaxTree';
import type { TextChange } from '../quickFix';

/*
 * Formatting of PromQL with the canonical printer: the queries of a .promql file, and the `expr:`
 * of rule files and rule tests, keeping each YAML scalar's style where it can hold the result (and
 * the YAML valid: every new scalar is read back and must give the formatted expression). A query
 * with a syntax error, or with a comment inside it, is left as it is: formatting must never lose text.
 * Edits are offsets into the document; lsp/ turns them into LSP TextEdits.
 */

export function formatDocument(document: TextDocument, model: DocumentModel, range?: TextRange): TextChange[] {
  const edits: TextChange[] = [];
  const touches = (r: TextRange): boolean => !range || (r.start < range.end && r.end > range.start) || (range.start === range.end && r.start <= range.start && range.start <= r.end);
  const replace = (r: TextRange, newText: string): void => {
    if (document.getText().slice(r.start, r.end) === newText) return;
    edits.push({ range: r, newText });
  };

  if (model.kind === 'promql') {
    for (const query of model.queries) {
      // A query with Grafana variables is analysed masked: printing it would write the masks.
      const formatted = query.written === undefined ? formattable(query.analysis) : null;
      if (formatted === null) continue;
      // Comment lines before the expression stay; the expression itself is printed anew.
      const lead = leadingComments(query.analysis.text);
      const start = query.offset + lead.length;
      const r = { start, end: query.offset + query.analysis.text.length };
      if (touches(r)) replace(r, formatted);
    }
    return edits;
  }

  const text = document.getText();
  for (const query of model.queries) {
    if (!touches(query.range)) continue;
    const formatted = formattable(query.analysis);
    if (formatted === null || formatted === query.analysis.text) continue;
    const scalar = text.slice(query.range.start, query.range.end);
    const replacement = rewriteScalar(text, query.range.start, scalar, formatted);
    if (replacement !== null) replace(query.range, replacement);
  }
  return edits;
}

/** The canonical text of a clean expression without inner comments; null when it must not be touched. */
function formattable(analysis: PromQLAnalysis): string | null {
  if (analysis.syntaxProblems.length > 0 || analysis.expr.kind === 'Error') return null;
  const body = analysis.text.slice(leadingComments(analysis.text).length);
  if (body.includes('#') && hasCommentOutsideStrings(body)) return null;
  return prettyPrint(analysis.expr, MAX_LINE);
}

/** Lines longer than this are split, as Prometheus' own formatter does. */
const MAX_LINE = 100;

function leadingComments(text: string): string {
  const match = /^(?:[ \t]*#[^\n]*\n)*/.exec(text);
  return match ? match[0] : '';
}

function hasCommentOutsideStrings(text: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\' && quote !== '`') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '#') return true;
  }
  return false;
}

/**
 * The new source of a YAML scalar holding `value`, in the scalar's own style when it can hold it:
 * plain stays plain when YAML would read it back unchanged, quoted stays quoted (escaped), a block
 * stays a block at its indentation. Null when no safe spelling was found.
 */
function rewriteScalar(text: string, start: number, scalar: string, value: string): string | null {
  const candidates: string[] = [];
  const first = scalar[0];
  const lineStart = lineStartOf(text, start);
  const keyColumn = /^[ \t]*(?:-[ \t]+)*/.exec(text.slice(lineStart))![0].length;
  const block = (header: string, indent: string, trailing: string): string =>
    `${header}\n${value.split('\n').map((l) => indent + l).join('\n')}${trailing}`;
  // A block whose first line is indented more than the next ones needs YAML's indentation indicator.
  const indicator = (bodyIndent: string): string => (value.startsWith(' ') ? String(Math.max(1, Math.min(9, bodyIndent.length - keyColumn))) : '');
  if (first === '|' || first === '>') {
    const header = scalar.slice(0, scalar.indexOf('\n') >= 0 ? scalar.indexOf('\n') : scalar.length);
    const bodyIndent = /\n( +)\S/.exec(scalar)?.[1] ?? ' '.repeat(keyColumn + 2);
    const chomping = header.replace(/^[|>]/, '').replace(/\d/, '').replace(/\s*#.*$/, '');
    candidates.push(block(`|${indicator(bodyIndent)}${chomping}`, bodyIndent, /\n*$/.exec(scalar)![0] || '\n'));
  } else if (value.includes('\n')) {
    // A formatted expression over several lines becomes a literal block, indented under its key.
    const bodyIndent = ' '.repeat(keyColumn + 2);
    candidates.push(block(`|${indicator(bodyIndent)}`, bodyIndent, ''));
  } else if (first === "'") {
    candidates.push(`'${value.replace(/'/g, "''")}'`);
  } else if (first === '"') {
    candidates.push(JSON.stringify(value));
  } else {
    candidates.push(value, JSON.stringify(value));
  }
  for (const candidate of candidates) {
    if (readsBackAs(candidate, value, keyColumn)) return candidate;
  }
  return null;
}

/**
 * Whether YAML reads `candidate` back as `value` (a trailing line break of a block scalar aside).
 * Checked in a one-key document with the key at the scalar's key column (block indentation and its
 * indicator are relative to it), so that formatting a large file does not parse it once per scalar.
 */
function readsBackAs(candidate: string, value: string, keyColumn: number): boolean {
  const document = parseDocument(`${' '.repeat(keyColumn)}x: ${candidate}`);
  if (document.errors.length > 0) return false;
  const read = document.get('x');
  return typeof read === 'string' && read.replace(/\n+$/, '') === value;
}
