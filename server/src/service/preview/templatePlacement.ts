import { isMap, isScalar } from 'yaml';
import type { DocumentModel } from '../documents/documentModel';
import { mapScalar, type ScalarStyle } from '../documents/scalarSourceMap';
import { mapRange } from '../documents/textRanges';
import type { TextRange } from '../promql/syntaxTree';
import { ruleAtExpr } from './ruleAtExpr';

/*
 * Where a template error of a rule preview stands in the rule file. The preview reports it by the
 * annotation's or label's key and an offset in the template's text (the YAML value); this finds that
 * value's scalar in the rule whose `expr:` starts at a given offset, and maps the offset through the
 * scalar's source map (quotes, escapes, folded blocks), so that the diagnostic sits on the failing
 * `{{ … }}` itself.
 */

/**
 * @param exprStart document offset where the rule's `expr:` value starts (its query's range start)
 * @param key the annotation's key, or the label's
 * @param offset offset in the template text
 * @param field where the key is; absent: annotations, then labels
 * @returns the range of the character there (or of the whole value when the offset is past it), null when the rule or key is gone
 */
export function templateErrorRange(model: DocumentModel, exprStart: number, key: string, offset: number, field?: 'labels' | 'annotations'): TextRange | null {
  if (model.kind !== 'rules') return null;
  const rule = ruleAtExpr(model, exprStart)?.rule;
  if (!rule) return null;
  for (const name of field ? [field] : ['annotations', 'labels']) {
    const map = rule.get(name, true);
    if (!isMap(map)) continue;
    const value = map.get(key, true);
    if (!isScalar(value) || !value.range) continue;
    const text = typeof value.value === 'string' ? value.value : String(value.value ?? '');
    const [start, end] = value.range;
    const source = mapScalar(model.text, start, end, value.type as ScalarStyle, text);
    if (offset < 0 || offset >= text.length) return { start, end };
    const at = mapRange(source, { start: offset, end: offset + 1 });
    return { start: at.start, end: Math.max(at.start + 1, at.end) };
  }
  return null;
}
