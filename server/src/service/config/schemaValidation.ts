import { isMap, isNode, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { parseDuration } from '../promql/duration';
import { checkRegex } from '../promql/regexSyntax';
import type { TextRange } from '../promql/syntaxTree';
import type { ConfigSchema, FieldSpec, FieldType, ObjectSpec } from './schemaTypes';

/*
 * Validation of a YAML document against a schema (the Prometheus configuration's, the rule tests'):
 * unknown keys, wrong types, invalid durations, sizes, URLs, label names, enum values and RE2
 * regexes, missing required fields, and each object type's own checks. Every problem sits on the
 * YAML node it is about.
 */

/** A check of one object type that a schema cannot express, given the object's mapping. */
export type ObjectCheck = (map: YAMLMap, report: ConfigReporter) => void;

export interface ConfigProblem {
  readonly range: TextRange;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

/** What a semantic check may report through. */
export interface ConfigReporter {
  error(node: unknown, message: string): void;
  warning(node: unknown, message: string): void;
}

export function validateAgainstSchema(document: Document.Parsed, schema: ConfigSchema, checks: Readonly<Record<string, readonly ObjectCheck[]>> = {}, rootType = schema.root): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const whole: TextRange = { start: 0, end: 0 };
  const place = (node: unknown): TextRange => (isNode(node) && node.range ? { start: node.range[0], end: node.range[1] } : whole);
  const reporter: ConfigReporter = {
    error: (node, message) => problems.push({ range: place(node), message, severity: 'error' }),
    warning: (node, message) => problems.push({ range: place(node), message, severity: 'warning' }),
  };
  const root = document.contents;
  if (root === null || (isScalar(root) && root.value === null)) return problems;
  new SchemaWalker(schema, checks, reporter).checkValue(root, { kind: 'object', type: rootType }, rootType);
  return problems;
}

/** All fields of an object type, its inlined types' fields included. */
export function fieldsOf(schema: ConfigSchema, typeName: string): Map<string, FieldSpec> {
  const fields = new Map<string, FieldSpec>();
  const visit = (name: string, seen: Set<string>): void => {
    const spec: ObjectSpec | undefined = schema.objects[name];
    if (!spec || seen.has(name)) return;
    seen.add(name);
    for (const inlined of spec.inline ?? []) visit(inlined, seen);
    for (const [key, field] of Object.entries(spec.fields)) fields.set(key, field);
  };
  visit(typeName, new Set());
  return fields;
}

function inlinedTypes(schema: ConfigSchema, typeName: string): string[] {
  const out: string[] = [];
  const visit = (name: string): void => {
    if (out.includes(name)) return;
    out.push(name);
    for (const inlined of schema.objects[name]?.inline ?? []) visit(inlined);
  };
  visit(typeName);
  return out;
}

class SchemaWalker {
  constructor(
    private readonly schema: ConfigSchema,
    private readonly checks: Readonly<Record<string, readonly ObjectCheck[]>>,
    private readonly reporter: ConfigReporter,
  ) {}

  checkValue(node: unknown, type: FieldType, where: string): void {
    const reporter = this.reporter;
    if (isAbsent(node)) return;
    switch (type.kind) {
      case 'object':
        if (!isMap(node)) {
          reporter.error(node, `${where} must be a mapping`);
          return;
        }
        this.checkObject(node, type.type);
        return;
      case 'list':
        if (!isSeq(node)) {
          reporter.error(node, `${where} must be a list`);
          return;
        }
        for (const item of node.items) {
          if (isAbsent(item)) reporter.error(item ?? node, `empty or null item in ${where}`);
          else this.checkValue(item, type.of, where);
        }
        return;
      case 'map':
        if (!isMap(node)) {
          reporter.error(node, `${where} must be a mapping`);
          return;
        }
        for (const pair of node.items) {
          const key = keyOf(pair);
          if (type.keys === 'labelName' && !isValidLabelName(key)) reporter.error(pair.key, `${JSON.stringify(key)} is not a valid label name`);
          this.checkValue(pair.value, type.of, `${where}.${key}`);
        }
        return;
      case 'enum': {
        const value = scalarText(node);
        if (value === null) reporter.error(node, `${where} must be one of ${type.values.join(', ')}`);
        else if (!type.values.includes(value)) reporter.error(node, `unknown ${where} ${JSON.stringify(value)}, expected one of ${type.values.join(', ')}`);
        return;
      }
      default:
        checkScalar(node, type.kind, where, reporter);
    }
  }

  private checkObject(map: YAMLMap, typeName: string): void {
    const reporter = this.reporter;
    const fields = fieldsOf(this.schema, typeName);
    const seen = new Set<string>();
    for (const pair of map.items) {
      const key = keyOf(pair);
      if (seen.has(key)) reporter.error(pair.key, `field ${key} already set in ${typeName}`);
      seen.add(key);
      const field = fields.get(key);
      if (!field) {
        const guess = closest(key, [...fields.keys()]);
        reporter.error(pair.key, `field ${key} not found in ${typeName}${guess ? ` (did you mean ${guess}?)` : ''}`);
        continue;
      }
      if (field.deprecated && !isAbsent(pair.value)) reporter.warning(pair.key, `${key} is deprecated: ${field.deprecated}`);
      this.checkValue(pair.value, field.type, key);
    }
    for (const [key, field] of fields) {
      if (field.required && isAbsent(map.get(key, true))) reporter.error(map, `missing required field ${key} in ${typeName}`);
    }
    for (const name of inlinedTypes(this.schema, typeName)) {
      for (const check of this.checks[name] ?? []) check(map, reporter);
    }
  }
}

const SIZE = /^(?:0|\d+(?:B|KB|MB|GB|TB|PB|EB|KiB|MiB|GiB|TiB|PiB|EiB))$/;
const HOST_PORT = /^(?:\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):\d{1,5}$/;

function checkScalar(node: unknown, kind: string, where: string, reporter: ConfigReporter): void {
  if (!isScalar(node)) {
    reporter.error(node, `${where} must be a single value`);
    return;
  }
  const value = node.value;
  const text = scalarText(node) ?? '';
  switch (kind) {
    case 'bool':
      if (typeof value !== 'boolean') reporter.error(node, `${where} must be true or false, got ${JSON.stringify(text)}`);
      return;
    case 'int':
      if (isGoYamlInteger(node, text)) return;
      if (typeof value !== 'number' || !Number.isInteger(value)) reporter.error(node, `${where} must be an integer, got ${JSON.stringify(text)}`);
      return;
    case 'float':
      if (isGoYamlInteger(node, text)) return;
      if (typeof value !== 'number') reporter.error(node, `${where} must be a number, got ${JSON.stringify(text)}`);
      return;
    case 'duration': {
      const parsed = parseDuration(text);
      if ('error' in parsed) reporter.error(node, `${where}: ${parsed.error}`);
      return;
    }
    case 'size':
      if (!SIZE.test(text)) reporter.error(node, `${where}: ${JSON.stringify(text)} is not a size such as 512MB or 1GiB`);
      return;
    case 'url':
      checkUrl(node, text, where, reporter);
      return;
    case 'labelName':
      if (!isValidLabelName(text)) reporter.error(node, `${JSON.stringify(text)} is not a valid label name`);
      return;
    case 'regex': {
      const { error } = checkRegex(text);
      if (error) reporter.error(node, `${where}: ${error}`);
      return;
    }
    case 'any':
      return;
    case 'hostPort':
      if (!HOST_PORT.test(text)) reporter.error(node, `${where}: ${JSON.stringify(text)} is not a host:port address`);
      return;
    default:
      if (typeof value === 'object' && value !== null) reporter.error(node, `${where} must be a single value`);
  }
}

/**
 * An integer as Prometheus' YAML decoder (go-yaml) reads a plain scalar, where YAML 1.2 reads a
 * string: binary `0b110`, octal `0o17`, and digits grouped by underscores (`1_000`).
 */
function isGoYamlInteger(node: Scalar, text: string): boolean {
  return node.type === 'PLAIN' && typeof node.value === 'string' && /^[-+]?(?:0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$/.test(text);
}

/** What Go's url.Parse rejects: no scheme before `://`, blanks, bad escapes. Schemes are checked where Prometheus checks them. */
function checkUrl(node: Node, text: string, where: string, reporter: ConfigReporter): void {
  if (text.startsWith('://') || /\s/.test(text) || /%(?![0-9a-fA-F]{2})/.test(text)) reporter.error(node, `${where}: ${JSON.stringify(text)} is not a valid URL`);
}

/** Prometheus 3.x validates label names as UTF-8: any non-empty string without invalid code points. */
export function isValidLabelName(name: string): boolean {
  return name.length > 0 && !name.includes('\ufffd') && !/[\ud800-\udfff]/.test(name.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));
}

export function isAbsent(node: unknown): boolean {
  return node === undefined || node === null || (isScalar(node) && node.value === null);
}

export function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

/** The text of a scalar as YAML reads it, null for anything else. */
export function scalarText(node: unknown): string | null {
  if (!isScalar(node) || node.value === null || typeof node.value === 'object') return null;
  return String(node.value);
}

/** The closest known field to a misspelt one, when it is close enough to suggest. */
function closest(word: string, candidates: string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
