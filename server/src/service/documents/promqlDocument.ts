import { analyzePromQL, type PromQLAnalysis } from '../promql/analysis';
import { maskTemplateVariables } from './templateVariableMask';

/**
 * A `.promql` document: one or more queries separated by blank lines, each analysed on its own.
 * Offsets in each query's analysis are relative to `offset`, the query's start in the document.
 */
export interface PromQLDocument {
  readonly kind: 'promql';
  readonly queries: readonly PromQLQuery[];
}

export interface PromQLQuery {
  readonly offset: number;
  /** Of the text with Grafana's template variables masked (same length, same positions). */
  readonly analysis: PromQLAnalysis;
  /** The query as written, when template variables were masked for the analysis. */
  readonly written?: string;
}

export function parsePromQLDocument(text: string): PromQLDocument {
  const queries: PromQLQuery[] = [];
  for (const block of splitQueries(text)) {
    const masked = maskTemplateVariables(block.text);
    queries.push(masked.masked ? { offset: block.offset, analysis: analyzePromQL(masked.text), written: block.text } : { offset: block.offset, analysis: analyzePromQL(block.text) });
  }
  return { kind: 'promql', queries };
}

/** Splits at blank lines; blocks that hold only comments are not queries. */
export function splitQueries(text: string): { offset: number; text: string }[] {
  const blocks: { offset: number; text: string }[] = [];
  const blankLine = /\r?\n[ \t]*(?=\r?\n|$)/g;
  let start = 0;
  const push = (end: number): void => {
    const body = text.slice(start, end);
    if (hasCode(body)) {
      const lead = body.length - body.trimStart().length;
      blocks.push({ offset: start + lead, text: body.slice(lead).trimEnd() });
    }
  };
  for (let match = blankLine.exec(text); match; match = blankLine.exec(text)) {
    push(match.index);
    start = match.index + match[0].length;
  }
  push(text.length);
  return blocks;
}

function hasCode(block: string): boolean {
  for (const line of block.split('\n')) {
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) return true;
  }
  return false;
}
