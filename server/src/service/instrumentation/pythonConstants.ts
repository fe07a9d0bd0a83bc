import type { Node } from 'web-tree-sitter';
import type { TextRange } from '../promql/syntaxTree';
import { inRanges } from './pythonParseSlices';
import { builtOnFirstUse } from '../builtOnFirstUse';

/*
 * The values a Python module's code has before it runs: string, number and list literals, the
 * module-level constants they name (assigned once), `+` concatenations and f-strings of those.
 * Anything else (a call, an attribute, a parameter, a constant assigned twice) is "not resolvable
 * statically", with the reason, never a guess.
 */

export type Resolved<T> = { readonly value: T; readonly unresolved?: undefined } | { readonly value?: undefined; readonly unresolved: string };

/** The module-level names assigned exactly once, with the expression assigned. */
export class PythonConstants {
  #assigned: Map<string, Node | null> | undefined;

  /**
   * `text`: the module's whole text (its tree may hold only parts of it); `detached`: ranges whose
   * statements the tree shows at module level though they are not (pythonParseSlices.ts).
   */
  constructor(private readonly module: Node, private readonly text: string = module.text, private readonly detached: readonly TextRange[] = []) {}

  /** Read on first use: a module whose metrics name only literals never walks its statements. */
  #constants(): Map<string, Node | null> {
    if (this.#assigned) return this.#assigned;
    this.#assigned = new Map();
    // A cursor over the top-level statements: only assignments become node objects.
    const cursor = this.module.walk();
    try {
      for (let more = cursor.gotoFirstChild(); more; more = cursor.gotoNextSibling()) {
        if (cursor.nodeType !== 'expression_statement' || inRanges(this.detached, cursor.startIndex)) continue;
        const assignment = cursor.currentNode.namedChild(0);
        if (assignment?.type === 'assignment') {
          const left = assignment.childForFieldName('left');
          const right = assignment.childForFieldName('right');
          if (left?.type === 'identifier') this.#assign(left.text, right);
        } else if (assignment?.type === 'augmented_assignment') {
          const left = assignment.childForFieldName('left');
          if (left?.type === 'identifier') this.#assign(left.text, null);
        }
      }
    } finally {
      cursor.delete();
    }
    for (const name of changedElsewhere(this.text, this.#assigned)) this.#assigned.set(name, null);
    return this.#assigned;
  }

  #assign(name: string, value: Node | null): void {
    // A second assignment makes the name's value depend on the order of execution.
    const assigned = this.#assigned!;
    assigned.set(name, assigned.has(name) ? null : value);
  }

  /** The expression of a constant, or undefined when the name is not a module constant. */
  valueOf(name: string): Node | undefined {
    return this.#constants().get(name) ?? undefined;
  }

  string(node: Node, depth = 0): Resolved<string> {
    if (depth > 8) return { unresolved: 'constants nest too deep' };
    switch (node.type) {
      case 'string': return this.#literal(node, depth);
      case 'concatenated_string': return this.#join(node.namedChildren, depth);
      case 'parenthesized_expression': return node.namedChild(0) ? this.string(node.namedChild(0)!, depth + 1) : { unresolved: 'empty parentheses' };
      case 'binary_operator': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (node.childForFieldName('operator')?.text !== '+' || !left || !right) return { unresolved: `"${node.text}" is computed at run time` };
        return this.#join([left, right], depth);
      }
      case 'identifier': {
        const value = this.valueOf(node.text);
        if (!value) return { unresolved: `"${node.text}" is not a module-level constant` };
        return this.string(value, depth + 1);
      }
      default:
        return { unresolved: `"${shorten(node.text)}" is computed at run time` };
    }
  }

  #join(parts: readonly (Node | null)[], depth: number): Resolved<string> {
    let value = '';
    for (const part of parts) {
      if (!part) continue;
      const resolved = this.string(part, depth + 1);
      if (resolved.value === undefined) return resolved;
      value += resolved.value;
    }
    return { value };
  }

  #literal(node: Node, depth: number): Resolved<string> {
    // A literal with no prefix and no backslash is its text between the quotes (no part asked for).
    const plain = PLAIN_LITERAL.exec(node.text);
    if (plain) return { value: plain[2] };
    const start = node.firstChild;
    const prefix = start?.type === 'string_start' ? start.text.replace(/["']/g, '').toLowerCase() : '';
    if (prefix.includes('b')) return { unresolved: 'a bytes literal' };
    let value = '';
    for (const child of node.namedChildren) {
      if (!child) continue;
      switch (child.type) {
        case 'string_content': value += child.text; break;
        case 'escape_sequence': value += prefix.includes('r') ? child.text : unescape(child.text); break;
        case 'interpolation': {
          const expression = child.childForFieldName('expression');
          if (!expression || child.childForFieldName('format_specifier') || child.childForFieldName('type_conversion')) return { unresolved: `"{${shorten(expression?.text ?? '')}}" is computed at run time` };
          const part = this.string(expression, depth + 1);
          if (part.value === undefined) return part;
          value += part.value;
          break;
        }
        default: break;
      }
    }
    return { value };
  }

  /** A number, `float("inf")`, `math.inf`, `INF`, a unary minus of one; or a constant naming one. */
  number(node: Node, depth = 0): Resolved<number> {
    if (depth > 8) return { unresolved: 'constants nest too deep' };
    switch (node.type) {
      case 'integer': case 'float': {
        const value = Number(node.text.replace(/_/g, '').replace(/[jJlL]$/, ''));
        return Number.isNaN(value) ? { unresolved: `"${node.text}" is not a plain number` } : { value };
      }
      case 'unary_operator': {
        const argument = node.childForFieldName('argument');
        const operator = node.childForFieldName('operator')?.text;
        if (!argument || (operator !== '-' && operator !== '+')) return { unresolved: `"${node.text}" is computed at run time` };
        const inner = this.number(argument, depth + 1);
        return inner.value === undefined ? inner : { value: operator === '-' ? -inner.value : inner.value };
      }
      case 'parenthesized_expression': return node.namedChild(0) ? this.number(node.namedChild(0)!, depth + 1) : { unresolved: 'empty parentheses' };
      case 'call': {
        const fn = node.childForFieldName('function')?.text;
        const args = node.childForFieldName('arguments')?.namedChildren ?? [];
        if ((fn === 'float' || fn === 'Decimal') && args.length === 1 && args[0]?.type === 'string') {
          const text = this.string(args[0]);
          const value = text.value === undefined ? NaN : Number(text.value.trim().replace(/^\+?inf(inity)?$/i, 'Infinity').replace(/^-inf(inity)?$/i, '-Infinity'));
          return Number.isNaN(value) ? { unresolved: `"${node.text}" is not a plain number` } : { value };
        }
        if (fn === 'float' && args.length === 1 && args[0]) return this.number(args[0], depth + 1);
        return { unresolved: `"${shorten(node.text)}" is computed at run time` };
      }
      case 'attribute':
        return /^(math|numpy|np)\.inf$/.test(node.text) ? { value: Infinity } : { unresolved: `"${node.text}" is not a constant` };
      case 'identifier': {
        if (node.text === 'INF') return { value: Infinity };
        const value = this.valueOf(node.text);
        return value ? this.number(value, depth + 1) : { unresolved: `"${node.text}" is not a module-level constant` };
      }
      default:
        return { unresolved: `"${shorten(node.text)}" is computed at run time` };
    }
  }

  /** The elements of a list or tuple literal (through constants, `+` of lists, parentheses); undefined when not one. */
  elements(node: Node, depth = 0): Resolved<readonly Node[]> {
    if (depth > 8) return { unresolved: 'constants nest too deep' };
    switch (node.type) {
      case 'list': case 'tuple': {
        const elements = node.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');
        if (elements.some((n) => n.type === 'list_splat')) return { unresolved: `"${shorten(node.text)}" unpacks a sequence` };
        return { value: elements };
      }
      case 'parenthesized_expression': {
        const inner = node.namedChild(0);
        // `("a")` is a string, not a tuple: not a sequence of names.
        return inner ? this.elements(inner, depth + 1) : { value: [] };
      }
      case 'binary_operator': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (node.childForFieldName('operator')?.text !== '+' || !left || !right) return { unresolved: `"${shorten(node.text)}" is computed at run time` };
        const a = this.elements(left, depth + 1);
        if (a.value === undefined) return a;
        const b = this.elements(right, depth + 1);
        if (b.value === undefined) return b;
        return { value: [...a.value, ...b.value] };
      }
      case 'identifier': {
        const value = this.valueOf(node.text);
        return value ? this.elements(value, depth + 1) : { unresolved: `"${node.text}" is not a module-level constant` };
      }
      default:
        return { unresolved: `"${shorten(node.text)}" is computed at run time` };
    }
  }
}

/** A string literal without prefix, escape or line break: its quotes (one or three) and its value. */
const PLAIN_LITERAL = /^("""|'''|"|')([^\\\n]*)\1$/;

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

function unescape(sequence: string): string {
  if (sequence.length === 2 && sequence[1] in ESCAPES) return ESCAPES[sequence[1]];
  if (/^\\[xuU]/.test(sequence)) return String.fromCodePoint(parseInt(sequence.slice(2), 16));
  return sequence.slice(1);
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 40 ? `${line.slice(0, 37)}…` : line;
}

/**
 * An assignment on an indented line (in an `if`, a `try`, a function): `NAME = …`, `NAME: T = …`,
 * `NAME += …`. A keyword argument on a line of its own (`labelnames=LABELS,`) is told apart by
 * the spaces formatters put around an assignment's `=` and never around a keyword's.
 */
const INDENTED_ASSIGNMENT = builtOnFirstUse(() => /^[ \t]+([\p{L}_][\p{L}\p{N}_]*)(?:[ \t]*:[^=\n]*=|[ \t]*(?:[-+*/|&]|\/\/)=|[ \t]+=|=[ \t])(?!=)/gmu);
/** A list changed in place: `NAME.append(…)`, `NAME[0] = …`, `del NAME[…]`. */
const IN_PLACE_CHANGE = builtOnFirstUse(() => /(?<![\p{L}\p{N}_.])([\p{L}_][\p{L}\p{N}_]*)[ \t]*(?:\.[ \t]*(?:append|extend|insert|remove|pop|clear|sort|reverse)[ \t]*\(|\[[^\]\n]*\][ \t]*=(?!=))|\bdel[ \t]+([\p{L}_][\p{L}\p{N}_]*)[ \t]*\[/gu);

/**
 * The top-level constants whose value the module may change after their assignment: assigned
 * again in a block (`if FLAG: LABELS = [...]`, or in a function, where it is a local of the same
 * name, left unresolved all the same), or changed in place. Read on the text: a match in a string
 * makes a name unresolved, never wrong.
 */
function changedElsewhere(text: string, constants: ReadonlyMap<string, Node | null>): string[] {
  const changed: string[] = [];
  for (const m of text.matchAll(INDENTED_ASSIGNMENT())) if (constants.get(m[1])) changed.push(m[1]);
  for (const m of text.matchAll(IN_PLACE_CHANGE())) {
    const name = m[1] ?? m[2];
    if (constants.get(name)) changed.push(name);
  }
  return changed;
}
