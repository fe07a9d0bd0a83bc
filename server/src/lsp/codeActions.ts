import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionKind, type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver/node';
import { DIAGNOSTIC_CODES } from '../service/diagnostic';
import type { DiagnosticData } from './toLsp';
import { documentLanguage } from '../service/documents/documentLanguage';
import { disableComment } from '../service/lint/suppressions';

/*
 * Quick fixes: the fixes the language service attached to each diagnostic (in `data`), and, for
 * every rule but those that mean the file is refused, a comment that disables it on the line.
 */

/**
 * Findings that mean Prometheus (or promtool) refuses the file: a comment that hides one leaves the
 * file refused, so these get their real fixes only, never a "Disable … here".
 */
const REFUSED = new Set<string>([
  DIAGNOSTIC_CODES.syntax.code, DIAGNOSTIC_CODES.type.code, DIAGNOSTIC_CODES.rules.code, DIAGNOSTIC_CODES.config.code,
  DIAGNOSTIC_CODES.ruleTests.code, DIAGNOSTIC_CODES.yamlSyntax.code,
]);

export function quickFixes(document: TextDocument, diagnostics: readonly Diagnostic[], range: Range): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== 'prometheus' || !overlaps(diagnostic.range, range)) continue;
    const data = diagnostic.data as DiagnosticData | undefined;
    for (const [i, fix] of (data?.fixes ?? []).entries()) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: i === 0 && fix.safe,
        edit: { changes: { [document.uri]: [...fix.edits] } },
      });
    }
    if (typeof diagnostic.code === 'string' && diagnostic.code.includes('/') && !REFUSED.has(diagnostic.code)) {
      const edit = disableEdit(document, diagnostic.range.start.line, diagnostic.code);
      actions.push({ title: `Disable ${diagnostic.code} here`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [document.uri]: [edit] } } });
    }
  }
  return actions;
}

/**
 * The comment goes above the line of the problem, or in YAML above the key that holds it (a block
 * scalar's lines belong to their `expr:`), with the same indentation.
 */
function disableEdit(document: TextDocument, line: number, code: string): { range: Range; newText: string } {
  const lines = document.getText().split('\n');
  let target = line;
  if (documentLanguage(document) !== 'promql') {
    while (target > 0 && !/^\s*(- )?[A-Za-z_][\w-]*:(\s|$)/.test(lines[target])) target--;
  }
  const text = lines[target] ?? '';
  const indent = /^\s*/.exec(text)?.[0] ?? '';
  return { range: { start: { line: target, character: 0 }, end: { line: target, character: 0 } }, newText: `${indent}${disableComment([code])}\n` };
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }): boolean => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
