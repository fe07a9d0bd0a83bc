import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { DocumentModel } from '../documents/documentModel';
import type { TextRange } from '../promql/syntaxTree';
import { ruleGroupsNode } from '../documents/ruleGroups';

/*
 * The outline: queries of a .promql file; groups and their rules in rule files; scrape jobs and the
 * other sections of a configuration, the jobs of a scrape config list; the tests of a rule test file.
 * Ranges are document offsets; lsp/ turns the outline into LSP DocumentSymbols.
 */

/** What a symbol of the outline is (editors pick its icon from it). */
export type OutlineKind = 'function' | 'namespace' | 'object' | 'module' | 'interface' | 'method' | 'variable' | 'event';

export interface OutlineSymbol {
  readonly name: string;
  readonly detail: string | undefined;
  readonly kind: OutlineKind;
  /** The whole item, offsets. */
  readonly range: TextRange;
  /** Its name, offsets (the whole item when it has none). */
  readonly selectionRange: TextRange;
  readonly children?: readonly OutlineSymbol[];
}

export function documentSymbols(model: DocumentModel): OutlineSymbol[] {
  const nodeRange = (node: Node): TextRange => ({ start: node.range![0], end: node.range![2] });
  const symbol = (name: string, kind: OutlineKind, whole: TextRange, selection: TextRange, detail?: string, children?: OutlineSymbol[]): OutlineSymbol =>
    ({ name: name || '(unnamed)', detail, kind, range: whole, selectionRange: selection, ...(children !== undefined ? { children } : {}) });

  if (model.kind === 'promql') {
    return model.queries.map((q, i) => {
      const r = { start: q.offset, end: q.offset + q.analysis.text.length };
      return symbol(firstLine(q.analysis.text) || `query ${i + 1}`, 'function', r, r);
    });
  }
  const symbols: OutlineSymbol[] = [];
  for (const doc of model.documents) {
    const root = doc.contents;
    if (model.kind === 'rules') {
      if (isSeq(root)) for (const outline of ruleSymbols(root.items, nodeRange, symbol)) symbols.push(outline);
      const groups = ruleGroupsNode(root);
      if (!isSeq(groups)) continue;
      for (const group of groups.items) {
        if (!isMap(group) || !group.range) continue;
        const nameNode = group.get('name', true);
        const rules = group.get('rules', true);
        symbols.push(symbol(scalar(nameNode), 'namespace', nodeRange(group), isScalar(nameNode) && nameNode.range ? nodeRange(nameNode) : nodeRange(group), 'group',
          isSeq(rules) ? ruleSymbols(rules.items, nodeRange, symbol) : []));
      }
    } else if (model.kind === 'config' && isMap(root)) {
      for (const pair of root.items) {
        if (!isScalar(pair.key) || !pair.key.range) continue;
        const key = String(pair.key.value);
        const value = pair.value as Node | null;
        const whole = value?.range ? { start: pair.key.range[0], end: value.range[2] } : nodeRange(pair.key);
        const children: OutlineSymbol[] = [];
        if (isSeq(value) && (key === 'scrape_configs' || key === 'remote_write' || key === 'remote_read')) {
          value.items.forEach((item, i) => {
            if (!isMap(item) || !item.range) return;
            const nameNode = item.get(key === 'scrape_configs' ? 'job_name' : 'name', true) ?? item.get('url', true);
            children.push(symbol(scalar(nameNode) || `${key}[${i}]`, key === 'scrape_configs' ? 'module' : 'interface', nodeRange(item),
              isScalar(nameNode) && nameNode.range ? nodeRange(nameNode) : nodeRange(item), key === 'scrape_configs' ? 'job' : undefined));
          });
        }
        symbols.push(symbol(key, 'object', whole, nodeRange(pair.key), undefined, children));
      }
    } else if (model.kind === 'scrapeConfigs' && isSeq(root)) {
      root.items.forEach((item, i) => {
        if (!isMap(item) || !item.range) return;
        const nameNode = item.get('job_name', true);
        symbols.push(symbol(scalar(nameNode) || `scrape_configs[${i}]`, 'module', nodeRange(item), isScalar(nameNode) && nameNode.range ? nodeRange(nameNode) : nodeRange(item), 'job'));
      });
    } else if (model.kind === 'ruleTests' && isMap(root)) {
      const tests = root.get('tests', true);
      if (!isSeq(tests)) continue;
      tests.items.forEach((test, i) => {
        if (!isMap(test) || !test.range) return;
        const nameNode = test.get('name', true);
        symbols.push(symbol(scalar(nameNode) || `test ${i + 1}`, 'method', nodeRange(test), isScalar(nameNode) && nameNode.range ? nodeRange(nameNode) : nodeRange(test)));
      });
    }
  }
  return symbols;
}

function ruleSymbols(items: unknown[], nodeRange: (node: Node) => TextRange, symbol: (name: string, kind: OutlineKind, whole: TextRange, selection: TextRange, detail?: string) => OutlineSymbol): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  for (const rule of items) {
    if (!isMap(rule) || !rule.range) continue;
    const record = rule.get('record', true);
    const alert = rule.get('alert', true);
    const nameNode = isScalar(record) ? record : isScalar(alert) ? alert : null;
    out.push(symbol(scalar(nameNode), isScalar(record) ? 'variable' : 'event', nodeRange(rule),
      nameNode?.range ? nodeRange(nameNode) : nodeRange(rule), isScalar(record) ? 'recording rule' : 'alert'));
  }
  return out;
}

function scalar(node: unknown): string {
  return isScalar(node) && node.value !== null ? String(node.value) : '';
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line.trim();
}
