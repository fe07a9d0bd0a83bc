import type { CompletionEntry } from './completionEntry';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { YamlDocumentModel } from '../documents/yamlDocument';
import { lineStartOf, type YamlPosition } from './yamlPath';

/*
 * The YAML snippets (`rule-group`, `record`, `alert`, `scrape-job`, `scrape-pushgateway`) as
 * completion items that know where they are typed: an item of the list it belongs to where that
 * list is, and the whole skeleton (`groups:` and a group, `scrape_configs:`) at the top of a file
 * without it. Whatever the file already holds, what they insert is a file Prometheus loads; a
 * static snippet cannot tell an empty file from the inside of `groups:`.
 */

interface Skeleton {
  readonly label: string;
  readonly detail: string;
  /** The list item, as snippet lines starting `- `. */
  readonly item: readonly string[];
  /** The list the item belongs to, from the document's root. */
  readonly list: readonly string[];
}

const GROUP = [
  '- name: ${1:service}',
  '  interval: ${2:1m}',
  '  rules:',
  '    - record: ${3:job:http_requests:rate5m}',
  '      expr: sum by (job) (rate(${4:http_requests_total}[5m]))',
];
const RECORD = [
  '- record: ${1:job}:${2:http_requests}:${3:rate5m}',
  '  expr: sum by (${1:job}) (rate(${2:http_requests}_total[5m]))',
];
const ALERT = [
  '- alert: ${1:HighErrorRate}',
  '  expr: |',
  '    sum by (job) (rate(${2:http_requests_total}{code=~"5.."}[5m]))',
  '      / sum by (job) (rate(${2:http_requests_total}[5m])) > ${3:0.05}',
  '  for: ${4:10m}',
  '  labels:',
  '    severity: ${5|page,ticket,info|}',
  '  annotations:',
  "    summary: '{{ \\$labels.job }} answers {{ \\$value | humanizePercentage }} of requests with errors'",
];
const SCRAPE_JOB = [
  '- job_name: ${1:my-service}',
  '  metrics_path: ${2:/metrics}',
  '  scrape_interval: ${3:15s}',
  '  static_configs:',
  "    - targets: ['${4:localhost:8000}']",
  '      labels:',
  '        ${5:env}: ${6:prod}',
];
const PUSHGATEWAY_JOB = [
  '- job_name: ${1:pushgateway}',
  '  honor_labels: true',
  '  static_configs:',
  "    - targets: ['${2:localhost:9091}']",
];

const RULE_SKELETONS: readonly Skeleton[] = [
  { label: 'rule-group', detail: 'a group of rules, evaluated together every interval', item: GROUP, list: ['groups'] },
  { label: 'record', detail: 'a recording rule named level:metric:operations', item: RECORD, list: ['groups', 'rules'] },
  { label: 'alert', detail: 'an alerting rule with for, labels and a templated annotation', item: ALERT, list: ['groups', 'rules'] },
];
const CONFIG_SKELETONS: readonly Skeleton[] = [
  { label: 'scrape-job', detail: 'a scrape job with static targets', item: SCRAPE_JOB, list: ['scrape_configs'] },
  { label: 'scrape-pushgateway', detail: 'scraping a Pushgateway: honor_labels keeps the pushed job and instance', item: PUSHGATEWAY_JOB, list: ['scrape_configs'] },
];

/** Each snippet's text for the cursor's place, when it may be typed there. */
export function skeletonItems(document: TextDocument, model: YamlDocumentModel, position: YamlPosition, offset: number): CompletionEntry[] {
  if (position.at !== 'key') return [];
  const skeletons = model.kind === 'rules' && !model.text.includes('PrometheusRule') ? RULE_SKELETONS : model.kind === 'config' ? CONFIG_SKELETONS : [];
  if (skeletons.length === 0) return [];
  const text = document.getText();
  const lead = text.slice(lineStartOf(text, offset), position.prefixStart);
  // The user may have typed the item's dash already.
  const dashed = /-\s+$/.test(lead);
  if (!/^[\s-]*$/.test(lead)) return [];
  const items: CompletionEntry[] = [];
  for (const skeleton of skeletons) {
    let lines: readonly string[] | null = null;
    if (sameList(position.path, skeleton.list) && (dashed || startsItem(text, lineStartOf(text, offset), lead.length))) {
      lines = dashed ? [skeleton.item[0].slice(2), ...skeleton.item.slice(1)] : skeleton.item;
    } else if (position.path.length === 0 && lead === '' && !position.siblings.includes(skeleton.list[0])) {
      lines = wholeFile(skeleton);
    }
    if (!lines) continue;
    items.push({
      label: skeleton.label,
      kind: 'snippet',
      detail: skeleton.detail,
      snippet: true,
      adjustIndentation: true,
      edit: { range: { start: position.prefixStart, end: offset }, newText: lines.join('\n') },
      sortText: `~${skeleton.label}`,
    });
  }
  return items;
}

/**
 * Whether a key typed at `column` would start an item of the list above (a sibling item's dash at
 * that column, or the list's key above it), not a key of the item the line continues.
 */
function startsItem(text: string, lineStart: number, column: number): boolean {
  let end = lineStart - 1;
  while (end > 0) {
    const start = lineStartOf(text, end);
    const line = text.slice(start, end);
    end = start - 1;
    const content = line.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    const indent = line.length - content.length;
    if (indent > column) continue;
    if (indent === column) return content.startsWith('-');
    return /:\s*(#.*)?$/.test(content);
  }
  return false;
}

function sameList(path: readonly string[], list: readonly string[]): boolean {
  return path.length === list.length && path.every((key, i) => key === list[i]);
}

/** The item with the keys above it that a file without its list needs. */
function wholeFile(skeleton: Skeleton): string[] {
  const indent = (lines: readonly string[], by: string): string[] => lines.map((l) => by + l);
  if (skeleton.list.length === 1) return [`${skeleton.list[0]}:`, ...indent(skeleton.item, '  ')];
  // A rule needs its group: the group's name is the last stop.
  return ['groups:', '  - name: ${9:service}', '    rules:', ...indent(skeleton.item, '      ')];
}
