import type { DocumentModel } from '../documents/documentModel';
import type { EmbeddedQuery, YamlDocumentModel } from '../documents/yamlDocument';
import type { PromQLAnalysis } from '../promql/analysis';
import { analyzePromQL } from '../promql/analysis';
import type { TextRange } from '../promql/syntaxTree';
import { shiftRange } from '../documents/textRanges';
import { builtOnFirstUse } from '../builtOnFirstUse';

/*
 * The PromQL expression under a document offset, wherever PromQL appears: a query of a `.promql`
 * file, or the `expr:` of a rule or rule unit test (through the scalar's source map, so positions
 * inside quoted and block scalars are exact). Completion, hover and signature help work in the
 * expression's own coordinates and map their ranges back with `toDocument`.
 */
export interface PromQLAtOffset {
  readonly text: string;
  /** The cursor, as an index into `text`. */
  readonly offset: number;
  readonly analysis: PromQLAnalysis;
  /** A range of the expression, as document offsets. */
  toDocument(range: TextRange): TextRange;
  /** Text to insert, escaped for the scalar style that holds it (YAML quoting). */
  escape(text: string): string;
}

const EMPTY = builtOnFirstUse(() => analyzePromQL(''));

export function promqlAtOffset(model: DocumentModel, documentText: string, offset: number): PromQLAtOffset | null {
  if (model.kind === 'promql') {
    for (const query of model.queries) {
      const end = query.offset + query.analysis.text.length;
      // The query's block, or the space after it up to the next blank line (`sum(x, |` after trailing spaces).
      if (offset >= query.offset && (offset <= end || !/\n[ \t]*\r?\n/.test(documentText.slice(end, offset)))) {
        return {
          text: documentText.slice(query.offset, Math.max(end, offset)),
          offset: offset - query.offset,
          analysis: query.analysis,
          toDocument: (r) => shiftRange(r, query.offset),
          escape: (s) => s,
        };
      }
    }
    // Between queries (a blank line being filled, or a comment being written): a new expression, from the line's start.
    const lineStart = offset <= 0 ? 0 : documentText.lastIndexOf('\n', offset - 1) + 1;
    return {
      text: documentText.slice(lineStart, offset),
      offset: offset - lineStart,
      analysis: EMPTY(),
      toDocument: (r) => shiftRange(r, lineStart),
      escape: (s) => s,
    };
  }
  for (const query of queriesAround(model, offset)) {
    if (offset < query.range.start || offset > query.range.end) continue;
    const { map } = query;
    let index = map.toValueIndex(offset);
    if (index < 0) continue;
    if (index < map.value.length && map.toDocumentOffset(index) < offset) index++;
    if (index === map.value.length - 1 && offset >= query.range.end) index = map.value.length;
    const quote = documentText[query.range.start];
    return {
      text: map.value,
      offset: Math.min(index, map.value.length),
      analysis: query.analysis,
      // To where the next character stands, not mapRange's end: a completion's edit must cover a whole escape (`\"`).
      toDocument: (r) => ({ start: map.toDocumentOffset(r.start), end: map.toDocumentOffset(r.end) }),
      escape: quote === '"' ? (s) => s.replace(/[\\"]/g, '\\$&') : quote === "'" ? (s) => s.replace(/'/g, "''") : (s) => s,
    };
  }
  // `expr: ` with nothing after it yet.
  if ((model.kind === 'rules' || model.kind === 'ruleTests') && /(^|\n)[ \t]*(?:-[ \t]+)?expr:[ \t]*$/.test(documentText.slice(Math.max(0, offset - 200), offset))) {
    return emptyAt(offset);
  }
  return null;
}

/**
 * The queries that may hold `offset`: when the model has them in the order of the text (its
 * `queryAt` is then a search, not a map), the last that starts at `offset` or before, found by a
 * binary search (the scalars of two queries never overlap); otherwise all of them. A loop over the
 * 10,000 queries of a large rule file cost about 0.3 ms, twice per completion.
 */
function queriesAround(model: YamlDocumentModel, offset: number): readonly EmbeddedQuery[] {
  const queries = model.queries;
  if (model.queryAt instanceof Map) return queries;
  let low = 0;
  let high = queries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (queries[middle].range.start <= offset) low = middle + 1;
    else high = middle;
  }
  return low === 0 ? [] : [queries[low - 1]];
}

function emptyAt(offset: number): PromQLAtOffset {
  return {
    text: '',
    offset: 0,
    analysis: EMPTY(),
    toDocument: (r) => shiftRange(r, offset),
    escape: (s) => s,
  };
}
