import type { Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DIAGNOSTIC_CODES, toLspDiagnostic, type Problem } from './diagnostic';
import { parsePromQLDocument, type PromQLDocument } from './documents/promqlDocument';

/*
 * The language service: pure functions over documents, no transport, no network. The LSP server and
 * the CLI are thin layers over it. A document is parsed once per version (`parseDocument`) and the
 * model is handed to every feature.
 */

export type DocumentModel = PromQLDocument;

export interface LanguageService {
  /** The model of a document, or null for a document this service does not handle. */
  parseDocument(document: TextDocument): DocumentModel | null;
  /** Problems of a document, as LSP diagnostics. */
  validate(document: TextDocument, model: DocumentModel): Diagnostic[];
}

export function getLanguageService(): LanguageService {
  return {
    parseDocument(document) {
      return document.languageId === 'promql' ? parsePromQLDocument(document.getText()) : null;
    },
    validate(document, model) {
      return collectProblems(model).map((p) => toLspDiagnostic(document, p));
    },
  };
}

export function collectProblems(model: DocumentModel): Problem[] {
  const problems: Problem[] = [];
  for (const query of model.queries) {
    const shift = (range: { start: number; end: number }) => ({ start: range.start + query.offset, end: range.end + query.offset });
    for (const p of query.analysis.syntaxProblems) {
      problems.push({ code: DIAGNOSTIC_CODES.syntax, severity: 'error', range: shift(p.range), message: p.message });
    }
    for (const p of query.analysis.typeProblems) {
      problems.push({ code: DIAGNOSTIC_CODES.type, severity: 'error', range: shift(p.range), message: p.message });
    }
  }
  return problems;
}
