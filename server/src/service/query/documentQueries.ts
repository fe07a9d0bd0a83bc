import type { DocumentModel } from '../documents/documentModel';
import type { PromQLAnalysis } from '../promql/analysis';
import type { TextRange } from '../promql/syntaxTree';
import { indexDocument } from '../rules/ruleIndex';
import { mapRange } from '../documents/textRanges';

/*
 * The queries of a document that can be run: each query of a `.promql` file, each `expr:` of a rule
 * file (with the alert or recording rule it belongs to) and of a rule unit-test file. A query is
 * run as Prometheus evaluates it: a YAML scalar's value, unescaped and unfolded, and mapped back to
 * the document character by character for errors and diagnostics.
 */

export interface RuleOfQuery {
  readonly kind: 'alert' | 'record';
  readonly name: string;
  readonly group: string;
}

export interface RunnableQuery {
  /** Position among the document's queries: what `queryIndex` of a request names. */
  readonly index: number;
  /** The text to send (YAML unescaped). */
  readonly text: string;
  /** The query's range in the document (a YAML scalar's range includes its quotes or block indicator). */
  readonly range: TextRange;
  readonly analysis: PromQLAnalysis;
  /** The document offset of the character at `index` of `text` (`text.length`: its end). */
  toDocumentOffset(index: number): number;
  /** The index in `text` of a document offset, -1 outside the query. */
  toQueryIndex(offset: number): number;
  readonly origin: 'promql' | 'rules' | 'ruleTests';
  /** The rule whose `expr:` this is. */
  readonly rule?: RuleOfQuery;
}

export function runnableQueries(model: DocumentModel, uri = ''): RunnableQuery[] {
  if (model.kind === 'promql') {
    return model.queries.map((q, index) => {
      const length = q.analysis.text.length;
      return {
        index,
        // As written: Grafana variables are substituted when the query runs (the analysis saw them masked).
        text: q.written ?? q.analysis.text,
        range: { start: q.offset, end: q.offset + length },
        analysis: q.analysis,
        toDocumentOffset: (i: number) => q.offset + Math.max(0, Math.min(i, length)),
        toQueryIndex: (offset: number) => (offset < q.offset || offset > q.offset + length ? -1 : offset - q.offset),
        origin: 'promql' as const,
      };
    });
  }
  if (model.kind !== 'rules' && model.kind !== 'ruleTests') return [];
  const definitions = model.kind === 'rules' ? indexDocument(uri, model).definitions : [];
  return model.queries.map((q, index) => {
    const owner = definitions.find((d) => d.ruleRange.start <= q.range.start && q.range.end <= d.ruleRange.end);
    return {
      index,
      text: q.map.value,
      range: q.range,
      analysis: q.analysis,
      toDocumentOffset: (i: number) => q.map.toDocumentOffset(i),
      toQueryIndex: (offset: number) => q.map.toValueIndex(offset),
      origin: model.kind === 'rules' ? 'rules' as const : 'ruleTests' as const,
      ...(owner ? { rule: { kind: owner.kind, name: owner.name, group: owner.group } } : {}),
    };
  });
}

/** The query at a document offset (an end offset counts as inside), or null. */
export function queryAtOffset(queries: readonly RunnableQuery[], offset: number): RunnableQuery | null {
  return queries.find((q) => offset >= q.range.start && offset <= q.range.end) ?? null;
}

/** A range of the query's text as a range of the document (an empty range stays empty). */
export function toDocumentRange(query: RunnableQuery, range: TextRange): TextRange {
  return mapRange(query, range);
}
