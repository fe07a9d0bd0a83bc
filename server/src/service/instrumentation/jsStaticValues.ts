import type { Node } from 'web-tree-sitter';
import type { TextRange } from '../promql/syntaxTree';
import type { StaticString } from './metricDefinition';

/*
 * What a JavaScript/TypeScript expression is worth without running it: strings, numbers and arrays
 * written as literals, `const`s in scope, template literals and `+` concatenations of those, and
 * `CONSTS.key` of a const object. Anything else is unresolved, with the reason, so the
 * prom-client reader says what it could not read instead of guessing.
 */

/** Wrappers that do not change a value: parentheses, `as const`, `satisfies`, `!`, `<T>x`. */
const TRANSPARENT = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion']);

/** The expression under its transparent wrappers. */
export function unwrapExpression(node: Node): Node {
  let current = node;
  while (TRANSPARENT.has(current.type)) {
    const inner = current.type === 'type_assertion' ? current.namedChildren.at(-1) : current.namedChild(0);
    if (!inner) break;
    current = inner;
  }
  return current;
}

export function rangeOf(node: Node): TextRange {
  return { start: node.startIndex, end: node.endIndex };
}

/** A list read from code: its elements, and whether they are all of it. */
export interface StaticList<T> {
  readonly items: readonly T[];
  /** undefined: every element is known; else why some are not (a spread of something unresolved). */
  readonly incomplete?: string;
}

export interface NumberItem {
  readonly value: number;
  readonly range: TextRange;
}

const MAX_DEPTH = 8;

/** The methods of prom-client's metrics that take a labels object and leave it as it is. */
const METRIC_METHODS: ReadonlySet<string> = new Set(['inc', 'dec', 'set', 'observe', 'startTimer', 'labels', 'remove', 'zero', 'setToCurrentTime']);

/**
 * The `const` declarations of a file, found from where a name is used: the consts of each enclosing
 * block up to the module's (the block's own declarations, as JavaScript scopes them).
 */
export class JsConstants {
  private readonly scopes = new Map<number, ReadonlyMap<string, Node>>();
  private text: string | undefined;

  constructor(private readonly program: Node) {}

  /** The initialiser of the const a name written at `at` refers to (module level when `at` is absent), unwrapped. */
  initialiser(name: string, at?: Node): Node | undefined {
    for (let scope: Node | null = at ?? this.program; scope; scope = scope.parent) {
      if (scope.type !== 'statement_block' && scope.type !== 'program') continue;
      const value = this.constsOf(scope).get(name);
      if (value) return unwrapExpression(value);
    }
    return undefined;
  }

  /** Whether the file changes an array bound to this name in place (`labels.push('path')`, `labels[0] = …`). */
  private isMutated(name: string): boolean {
    this.text ??= this.program.text;
    const escaped = name.replace(/[$]/g, '\\$');
    return new RegExp(`(?<![\\w$.])${escaped}\\s*(?:\\.\\s*(?:push|unshift|splice|pop|shift|sort|reverse|fill|copyWithin)\\b|\\[[^\\]]*\\]\\s*=(?!=))|\\.apply\\(\\s*${escaped}\\b`).test(this.text);
  }

  private constsOf(block: Node): ReadonlyMap<string, Node> {
    let consts = this.scopes.get(block.id);
    if (consts) return consts;
    const found = new Map<string, Node>();
    for (const statement of block.namedChildren) {
      if (!statement) continue;
      const declaration = statement.type === 'export_statement' ? statement.childForFieldName('declaration') : statement;
      if (declaration?.type !== 'lexical_declaration' || declaration.child(0)?.type !== 'const') continue;
      for (const declarator of declaration.namedChildren) {
        const name = declarator?.childForFieldName('name');
        const value = declarator?.childForFieldName('value');
        if (declarator?.type === 'variable_declarator' && name?.type === 'identifier' && value) found.set(name.text, value);
      }
    }
    consts = found;
    this.scopes.set(block.id, consts);
    return consts;
  }

  /**
   * The object literal an expression is: itself, or the const in scope it names when nothing in the
   * file may change that object (a property assigned, `Object.assign`, `delete`, or the object
   * handed to a function other than a metric's own methods).
   */
  objectLiteral(node: Node): Node | undefined {
    const expression = unwrapExpression(node);
    if (expression.type === 'object') return expression;
    if (expression.type !== 'identifier') return undefined;
    const initialiser = this.initialiser(expression.text, expression);
    return initialiser?.type === 'object' && !this.isObjectChanged(expression.text) ? initialiser : undefined;
  }

  /**
   * Whether the file changes the properties of an object bound to this name: one assigned
   * (`opts.name = …`, `opts.labels[0] = …`), deleted, or a list in it changed in place
   * (`opts.labelNames.push(…)`).
   */
  propertiesChanged(name: string): boolean {
    this.text ??= this.program.text;
    const escaped = name.replace(/[$]/g, '\\$');
    const path = `(?<![\\w$.])${escaped}(?:\\s*(?:\\.\\s*[\\w$]+|\\[[^\\]]*\\]))+\\s*`;
    return new RegExp(`${path}(?:[-+*/%&|^]|\\?\\?|&&|\\|\\|)?=(?!=)|${path}\\.\\s*(?:push|unshift|splice|pop|shift|sort|reverse|fill|copyWithin)\\b|\\bdelete\\s+${escaped}\\b`).test(this.text);
  }

  private isObjectChanged(name: string): boolean {
    this.text ??= this.program.text;
    const escaped = name.replace(/[$]/g, '\\$');
    if (this.propertiesChanged(name)) return true;
    for (const call of this.text.matchAll(new RegExp(`([\\w$.]+)\\s*\\(\\s*(?:[^()]*,\\s*)?${escaped}\\s*[,)]`, 'g'))) {
      if (!METRIC_METHODS.has(call[1].split('.').at(-1) ?? '')) return true;
    }
    return false;
  }

  /** A string expression's value: `range` is where the expression is written. */
  string(node: Node): StaticString {
    const range = rangeOf(node);
    const result = this.evaluateString(node, 0);
    if (typeof result !== 'string') return { value: undefined, range, unresolved: result.unresolved };
    // A literal whose value is exactly the text between its quotes: a rename can edit it in place.
    const literal = (node.type === 'string' || node.type === 'template_string') && node.namedChildren.every((part) => part?.type === 'string_fragment');
    return literal ? { value: result, range, literal } : { value: result, range };
  }

  /** A number expression's value, or undefined. */
  number(node: Node, depth = 0): number | undefined {
    const expression = unwrapExpression(node);
    switch (expression.type) {
      case 'number': {
        const value = Number(expression.text.replace(/_/g, ''));
        return Number.isNaN(value) ? undefined : value;
      }
      case 'unary_expression': {
        const operator = expression.childForFieldName('operator')?.text;
        const argument = expression.childForFieldName('argument');
        const value = argument ? this.number(argument, depth + 1) : undefined;
        return value === undefined ? undefined : operator === '-' ? -value : operator === '+' ? value : undefined;
      }
      case 'identifier': {
        const initialiser = depth < MAX_DEPTH ? this.initialiser(expression.text, expression) : undefined;
        return initialiser ? this.number(initialiser, depth + 1) : expression.text === 'Infinity' ? Infinity : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The elements of an array expression (through spreads and consts), each read by `read`. */
  list<T>(node: Node, read: (element: Node) => T, depth = 0): StaticList<T> | { readonly unresolved: string } {
    const expression = unwrapExpression(node);
    if (expression.type === 'identifier') {
      const initialiser = depth < MAX_DEPTH ? this.initialiser(expression.text, expression) : undefined;
      if (initialiser && this.isMutated(expression.text)) return { unresolved: `the list "${expression.text}" is changed after its declaration` };
      return initialiser ? this.list(initialiser, read, depth + 1) : { unresolved: `"${expression.text}" is not a list this file defines as a constant` };
    }
    if (expression.type !== 'array') return { unresolved: `${shorten(expression.text)} is not a list written in this file` };
    const items: T[] = [];
    let incomplete: string | undefined;
    for (const element of expression.namedChildren) {
      if (!element || element.type === 'comment') continue;
      if (element.type === 'spread_element') {
        const spread = element.namedChild(0);
        const inner = spread ? this.list(spread, read, depth + 1) : { unresolved: 'an empty spread' };
        if ('unresolved' in inner) incomplete ??= inner.unresolved;
        else {
          for (const item of inner.items) items.push(item);
          incomplete ??= inner.incomplete;
        }
      } else {
        items.push(read(element));
      }
    }
    return incomplete === undefined ? { items } : { items, incomplete };
  }

  /** A property of an object literal by key (the last one written wins, as in JavaScript). */
  static property(object: Node, key: string): Node | undefined {
    let found: Node | undefined;
    for (const member of object.namedChildren) {
      if (!member) continue;
      if (member.type === 'pair' && propertyKey(member) === key) found = member.childForFieldName('value') ?? undefined;
      else if (member.type === 'shorthand_property_identifier' && member.text === key) found = member;
    }
    return found;
  }

  private evaluateString(node: Node, depth: number): string | { readonly unresolved: string } {
    const expression = unwrapExpression(node);
    if (depth > MAX_DEPTH) return { unresolved: 'constants nested too deep' };
    switch (expression.type) {
      case 'string':
        return stringLiteralValue(expression);
      case 'template_string': {
        let value = '';
        for (const part of expression.namedChildren) {
          if (!part) continue;
          if (part.type === 'string_fragment') value += part.text;
          else if (part.type === 'escape_sequence') value += unescape(part.text);
          else if (part.type === 'template_substitution') {
            const inner = part.namedChild(0);
            const resolved = inner ? this.evaluateString(inner, depth + 1) : { unresolved: 'an empty substitution' };
            if (typeof resolved !== 'string') return resolved;
            value += resolved;
          }
        }
        return value;
      }
      case 'binary_expression': {
        const left = expression.childForFieldName('left');
        const right = expression.childForFieldName('right');
        if (expression.childForFieldName('operator')?.text !== '+' || !left || !right) return { unresolved: `${shorten(expression.text)} is computed at run time` };
        const l = this.evaluateString(left, depth + 1);
        if (typeof l !== 'string') return l;
        const r = this.evaluateString(right, depth + 1);
        return typeof r !== 'string' ? r : l + r;
      }
      case 'number':
        return String(Number(expression.text.replace(/_/g, '')));
      case 'identifier': {
        const initialiser = this.initialiser(expression.text, expression);
        return initialiser ? this.evaluateString(initialiser, depth + 1) : { unresolved: `"${expression.text}" is not a constant this file defines` };
      }
      case 'member_expression': {
        const object = expression.childForFieldName('object');
        const property = expression.childForFieldName('property');
        const initialiser = object?.type === 'identifier' ? this.initialiser(object.text, object) : undefined;
        const value = initialiser?.type === 'object' && property ? JsConstants.property(initialiser, property.text) : undefined;
        return value ? this.evaluateString(value, depth + 1) : { unresolved: `${shorten(expression.text)} is not a constant this file defines` };
      }
      default:
        return { unresolved: `${shorten(expression.text)} is computed at run time` };
    }
  }
}

/** The key of an object literal's pair, when it is written as a name or a string. */
export function propertyKey(pair: Node): string | undefined {
  const key = pair.childForFieldName('key');
  if (!key) return undefined;
  if (key.type === 'property_identifier' || key.type === 'identifier') return key.text;
  if (key.type === 'string') return stringLiteralValue(key);
  if (key.type === 'number') return key.text;
  return undefined;
}

function stringLiteralValue(node: Node): string {
  let value = '';
  for (const part of node.namedChildren) {
    if (part?.type === 'string_fragment') value += part.text;
    else if (part?.type === 'escape_sequence') value += unescape(part.text);
  }
  return value;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', 0: '\0' };

function unescape(sequence: string): string {
  const body = sequence.slice(1);
  if (/^u\{[0-9a-fA-F]+\}$/.test(body)) return String.fromCodePoint(parseInt(body.slice(2, -1), 16));
  if (/^(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2})$/.test(body)) return String.fromCharCode(parseInt(body.slice(1), 16));
  if (/^\r?\n/.test(body)) return '';
  return ESCAPES[body] ?? body;
}

/** Code as a message quotes it: one line, at most 40 characters. */
export function shorten(code: string): string {
  const line = code.replace(/\s+/g, ' ');
  return `\`${line.length > 40 ? `${line.slice(0, 39)}…` : line}\``;
}

/** A receiver as bindings are keyed (`this.requests`, `metrics.up`): no blanks, `?.` and `!` read as `.`. */
export function memberPath(code: string): string {
  return code.replace(/\s+/g, '').replace(/\?\./g, '.').replace(/!(?=\.|$)/g, '');
}
