/*
 * A checker for the Go text/template syntax of alert labels and annotations, as Prometheus parses
 * them (`promtool check rules`): actions `{{ … }}` with trim markers and comments, pipelines,
 * variables (`$labels`, `$value`, `$externalLabels`, `$externalURL` are predefined), the control
 * actions `if`/`else`/`range`/`with`/`define`/`block`/`end`, and the functions Go's templates and
 * Prometheus offer. Problems carry their offset in the template text.
 *
 * Written by hand: no JavaScript library parses Go templates, and the checker must report each
 * problem at its place and keep going.
 */

export interface TemplateProblem {
  readonly offset: number;
  readonly length: number;
  readonly message: string;
}

/** A `$labels.<name>` reference, for completion and for checks against the labels an expression keeps. */
export interface LabelReference {
  readonly name: string;
  readonly offset: number;
}

export interface TemplateCheck {
  readonly problems: TemplateProblem[];
  readonly labelReferences: LabelReference[];
}

/** Functions of Go's text/template. */
export const GO_TEMPLATE_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['and', 'The first empty argument, or the last one.'],
  ['or', 'The first non-empty argument, or the last one.'],
  ['not', 'The boolean negation of its argument.'],
  ['len', 'The length of a string, list or map.'],
  ['index', 'The element of a map or list at the given keys or indexes.'],
  ['slice', 'A part of a string or list.'],
  ['print', 'Formats its arguments like fmt.Sprint.'],
  ['printf', 'Formats its arguments like fmt.Sprintf.'],
  ['println', 'Formats its arguments like fmt.Sprintln.'],
  ['html', 'Escapes its argument for HTML.'],
  ['js', 'Escapes its argument for JavaScript.'],
  ['urlquery', 'Escapes its argument for a URL query.'],
  ['call', 'Calls a function value with arguments.'],
  ['eq', 'Whether the first argument equals any of the others.'],
  ['ne', 'Whether two arguments differ.'],
  ['lt', 'Whether the first argument is less than the second.'],
  ['le', 'Whether the first argument is less than or equal to the second.'],
  ['gt', 'Whether the first argument is greater than the second.'],
  ['ge', 'Whether the first argument is greater than or equal to the second.'],
]);

/** Functions Prometheus adds to alert templates. */
export const PROMETHEUS_TEMPLATE_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['query', 'Runs a PromQL query at the alert\'s evaluation time and returns its samples.'],
  ['first', 'The first sample of a query result.'],
  ['label', 'The value of a label of a sample.'],
  ['value', 'The value of a sample.'],
  ['strvalue', 'The value of the __value__ label of a sample.'],
  ['args', 'Collects its arguments into a map arg0, arg1, … for nested templates.'],
  ['reReplaceAll', 'Replaces every match of a regular expression in a text.'],
  ['safeHtml', 'Marks a string as HTML that needs no escaping.'],
  ['sortByLabel', 'Sorts a query result by a label.'],
  ['stripPort', 'Removes the port from a host:port.'],
  ['stripDomain', 'Removes the domain from a host name, keeping the port.'],
  ['humanize', 'A number with metric prefixes (1.2k, 3.4M).'],
  ['humanize1024', 'A number with binary prefixes (1.2Ki, 3.4Mi).'],
  ['humanizeDuration', 'Seconds as a readable duration (1h 2m 3s).'],
  ['humanizePercentage', 'A ratio as a percentage (0.42 → 42%).'],
  ['humanizeTimestamp', 'A Unix timestamp as a readable time.'],
  ['toTime', 'A Unix timestamp as a time value.'],
  ['toDuration', 'Seconds as a duration value.'],
  ['parseDuration', 'A duration string (1h5m) as seconds.'],
  ['now', 'The evaluation time as a Unix timestamp.'],
  ['pathPrefix', 'The path prefix of the Prometheus server\'s URL.'],
  ['externalURL', 'The external URL of the Prometheus server.'],
  ['title', 'The text with each word capitalised.'],
  ['toUpper', 'The text in upper case.'],
  ['toLower', 'The text in lower case.'],
  ['match', 'Whether a regular expression matches a text.'],
  ['graphLink', 'A link to the expression browser graphing an expression.'],
  ['tableLink', 'A link to the expression browser showing an expression as a table.'],
  ['urlQueryEscape', 'Escapes a text for a URL query.'],
]);

/** Variables every alert template can use. */
export const PREDEFINED_VARIABLES: ReadonlyMap<string, string> = new Map([
  ['$labels', 'The labels of the alert\'s series.'],
  ['$value', 'The value of the alert\'s series.'],
  ['$externalLabels', 'The external labels of the Prometheus server.'],
  ['$externalURL', 'The external URL of the Prometheus server.'],
]);

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue', 'nil', 'true', 'false']);

export interface Token {
  readonly kind: 'word' | 'variable' | 'field' | 'string' | 'number' | 'pipe' | 'open' | 'close' | 'declare' | 'assign' | 'comma' | 'char' | 'bad';
  readonly text: string;
  readonly offset: number;
}

export function checkTemplate(text: string): TemplateCheck {
  const problems: TemplateProblem[] = [];
  const labelReferences: LabelReference[] = [];
  const report = (offset: number, length: number, message: string): void => {
    problems.push({ offset, length: Math.max(1, length), message });
  };
  const blocks: { word: string; offset: number }[] = [];
  const scopes: Set<string>[] = [new Set(['$', ...PREDEFINED_VARIABLES.keys()])];
  let i = 0;
  for (;;) {
    const open = text.indexOf('{{', i);
    if (open < 0) break;
    let start = open + 2;
    if (text[start] === '-' && /[ \t\r\n]/.test(text[start + 1] ?? '')) start += 2;
    const afterSpace = skipSpaces(text, start);
    if (text.startsWith('/*', afterSpace)) {
      const close = text.indexOf('*/', afterSpace + 2);
      if (close < 0) {
        report(open, text.length - open, 'unclosed comment');
        return { problems, labelReferences };
      }
      const end = skipSpaces(text, close + 2);
      const closeAt = text.startsWith('-}}', end) ? end + 3 : text.startsWith('}}', end) ? end + 2 : -1;
      if (closeAt < 0) {
        report(close, 2, 'comment ends before closing delimiter');
        i = close + 2;
        continue;
      }
      i = closeAt;
      continue;
    }
    const { tokens, end, closed } = lexAction(text, start, report);
    if (!closed) {
      report(open, text.length - open, 'unclosed action');
      return { problems, labelReferences };
    }
    i = end;
    checkAction(tokens, open, blocks, scopes, report, labelReferences);
  }
  for (const block of blocks) report(block.offset, 2, `unexpected EOF: {{${block.word}}} has no matching {{end}}`);
  return { problems, labelReferences };
}

/** A template's text and actions, in order: what the renderer (service/preview/templateRender.ts) parses. */
export type TemplateItem =
  | { readonly kind: 'text'; readonly text: string; readonly offset: number }
  | { readonly kind: 'action'; readonly tokens: readonly Token[]; readonly offset: number };

/**
 * Splits a template into text and actions' tokens, as Go's lexer does: trim markers (`{{- ` and
 * ` -}}`) remove the spaces beside them, comments vanish. Stops at the first lexical error.
 */
export function lexTemplate(text: string): { items: TemplateItem[]; problem?: TemplateProblem } {
  const items: TemplateItem[] = [];
  let i = 0;
  let trimNext = false;
  const pushText = (from: number, to: number, trimEnd: boolean): void => {
    let chunk = text.slice(from, to);
    let offset = from;
    if (trimNext) {
      const kept = chunk.replace(/^[ \t\r\n]+/, '');
      offset += chunk.length - kept.length;
      chunk = kept;
    }
    if (trimEnd) chunk = chunk.replace(/[ \t\r\n]+$/, '');
    if (chunk !== '') items.push({ kind: 'text', text: chunk, offset });
  };
  const problems: TemplateProblem[] = [];
  const report = (offset: number, length: number, message: string): void => {
    problems.push({ offset, length: Math.max(1, length), message });
  };
  for (;;) {
    const open = text.indexOf('{{', i);
    if (open < 0) break;
    let start = open + 2;
    const trimLeft = text[start] === '-' && /[ \t\r\n]/.test(text[start + 1] ?? '');
    if (trimLeft) start += 2;
    pushText(i, open, trimLeft);
    const afterSpace = skipSpaces(text, start);
    if (text.startsWith('/*', afterSpace)) {
      const close = text.indexOf('*/', afterSpace + 2);
      const end = close < 0 ? -1 : skipSpaces(text, close + 2);
      const closeAt = end < 0 ? -1 : text.startsWith('-}}', end) ? end + 3 : text.startsWith('}}', end) ? end + 2 : -1;
      if (closeAt < 0) return { items, problem: { offset: open, length: text.length - open, message: close < 0 ? 'unclosed comment' : 'comment ends before closing delimiter' } };
      trimNext = text.startsWith('-}}', end);
      i = closeAt;
      continue;
    }
    const { tokens, end, closed } = lexAction(text, start, report);
    if (problems.length > 0) return { items, problem: problems[0] };
    if (!closed) return { items, problem: { offset: open, length: text.length - open, message: 'unclosed action' } };
    items.push({ kind: 'action', tokens, offset: open });
    trimNext = text.startsWith('-}}', end - 3) && /[ \t\r\n]/.test(text[end - 4] ?? '');
    i = end;
  }
  pushText(i, text.length, false);
  return { items };
}

function skipSpaces(text: string, i: number): number {
  while (i < text.length && /[ \t\r\n]/.test(text[i])) i++;
  return i;
}

/** The tokens of one action, from after `{{` to its `}}` (or ` -}}`). */
function lexAction(text: string, from: number, report: (offset: number, length: number, message: string) => void): { tokens: Token[]; end: number; closed: boolean } {
  const tokens: Token[] = [];
  let i = from;
  while (i < text.length) {
    const ch = text[i];
    if (/[ \t\r\n]/.test(ch)) {
      if (text[i + 1] === '-' && text.startsWith('}}', i + 2)) return { tokens, end: i + 4, closed: true };
      i++;
      continue;
    }
    if (text.startsWith('}}', i)) return { tokens, end: i + 2, closed: true };
    const start = i;
    if (ch === '"' || ch === '`' || ch === "'") {
      const quote = ch;
      i++;
      while (i < text.length && text[i] !== quote) {
        if (quote !== '`' && text[i] === '\\') i++;
        else if (quote !== '`' && text[i] === '\n') break;
        i++;
      }
      if (text[i] !== quote) {
        report(start, i - start, quote === '`' ? 'unterminated raw quoted string' : quote === "'" ? 'unterminated character constant' : 'unterminated quoted string');
        return { tokens, end: i, closed: false };
      }
      i++;
      tokens.push({ kind: quote === "'" ? 'char' : 'string', text: text.slice(start, i), offset: start });
      continue;
    }
    if (ch === '|') { tokens.push({ kind: 'pipe', text: ch, offset: i++ }); continue; }
    if (ch === '(') { tokens.push({ kind: 'open', text: ch, offset: i++ }); continue; }
    if (ch === ')') { tokens.push({ kind: 'close', text: ch, offset: i++ }); continue; }
    if (ch === ',') { tokens.push({ kind: 'comma', text: ch, offset: i++ }); continue; }
    if (ch === ':' && text[i + 1] === '=') { tokens.push({ kind: 'declare', text: ':=', offset: i }); i += 2; continue; }
    if (ch === '=') { tokens.push({ kind: 'assign', text: ch, offset: i++ }); continue; }
    const word = /^(?:\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*|(?:\.[A-Za-z0-9_]+)+\.?|\.|[-+]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+)i?|[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)/.exec(text.slice(i, i + 256));
    if (word) {
      const value = word[0];
      const kind = value.startsWith('$') ? 'variable' : value.startsWith('.') ? 'field' : /^[-+\d.]/.test(value) ? 'number' : 'word';
      tokens.push({ kind, text: value, offset: i });
      i += value.length;
      continue;
    }
    report(i, 1, `bad character U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} '${ch}'`);
    tokens.push({ kind: 'bad', text: ch, offset: i++ });
  }
  return { tokens, end: i, closed: false };
}

function checkAction(
  tokens: Token[],
  actionOffset: number,
  blocks: { word: string; offset: number }[],
  scopes: Set<string>[],
  report: (offset: number, length: number, message: string) => void,
  labelReferences: LabelReference[],
): void {
  if (tokens.length === 0) {
    report(actionOffset, 2, 'missing value for command');
    return;
  }
  const first = tokens[0];
  let rest = tokens;
  if (first.kind === 'word' && KEYWORDS.has(first.text)) {
    switch (first.text) {
      case 'if':
      case 'with':
      case 'range':
        blocks.push({ word: first.text, offset: actionOffset });
        scopes.push(new Set());
        rest = tokens.slice(1);
        if (rest.length === 0) report(first.offset, first.text.length, `missing value for ${first.text}`);
        break;
      case 'define':
      case 'block':
        blocks.push({ word: first.text, offset: actionOffset });
        scopes.push(new Set());
        if (tokens[1]?.kind !== 'string') report(first.offset, first.text.length, `${first.text} needs a quoted template name`);
        rest = tokens.slice(2);
        break;
      case 'else':
        if (blocks.length === 0 || !['if', 'with', 'range'].includes(blocks[blocks.length - 1].word)) {
          report(first.offset, 4, 'unexpected {{else}}');
          return;
        }
        rest = tokens[1]?.text === 'if' || tokens[1]?.text === 'with' ? tokens.slice(2) : tokens.slice(1);
        if (rest.length === 0) return;
        break;
      case 'end':
        if (blocks.length === 0) report(first.offset, 3, 'unexpected {{end}}');
        else {
          blocks.pop();
          scopes.pop();
        }
        if (tokens.length > 1) report(tokens[1].offset, tokens[1].text.length, `unexpected ${tokens[1].text} in end`);
        return;
      case 'template':
        if (tokens[1]?.kind !== 'string') report(first.offset, 8, 'template needs a quoted template name');
        rest = tokens.slice(2);
        if (rest.length === 0) return;
        break;
      case 'break':
      case 'continue':
        if (!blocks.some((b) => b.word === 'range')) report(first.offset, first.text.length, `{{${first.text}}} outside {{range}}`);
        return;
      default:
        break; // nil, true, false: operands
    }
  }
  checkPipeline(rest, scopes, report, labelReferences);
}

function checkPipeline(tokens: Token[], scopes: Set<string>[], report: (offset: number, length: number, message: string) => void, labelReferences: LabelReference[]): void {
  let body = tokens;
  // Declarations: `$x :=`, `$x, $y :=` (range), `$x =`.
  const declare = tokens.findIndex((t) => t.kind === 'declare' || t.kind === 'assign');
  if (declare > 0 && tokens.slice(0, declare).every((t) => t.kind === 'variable' || t.kind === 'comma')) {
    const names = tokens.slice(0, declare).filter((t) => t.kind === 'variable');
    for (const name of names) {
      if (tokens[declare].kind === 'declare') scopes[scopes.length - 1].add(name.text);
      else if (!isDeclared(name.text, scopes)) report(name.offset, name.text.length, `undefined variable "${name.text}"`);
    }
    body = tokens.slice(declare + 1);
  }
  let depth = 0;
  let commandLength = 0;
  let commandStart = body[0]?.offset ?? 0;
  for (let k = 0; k < body.length; k++) {
    const token = body[k];
    switch (token.kind) {
      case 'pipe':
        if (commandLength === 0) report(token.offset, 1, 'missing value for command');
        commandLength = 0;
        commandStart = token.offset + 1;
        continue;
      case 'open':
        depth++;
        commandLength = 0;
        continue;
      case 'close':
        if (depth === 0) report(token.offset, 1, 'unexpected right paren');
        else depth--;
        commandLength++;
        continue;
      case 'word':
        if (!['nil', 'true', 'false'].includes(token.text)) {
          const name = token.text.split('.')[0];
          if (KEYWORDS.has(name)) report(token.offset, token.text.length, `unexpected <${name}> in command`);
          else if (!GO_TEMPLATE_FUNCTIONS.has(name) && !PROMETHEUS_TEMPLATE_FUNCTIONS.has(name)) report(token.offset, name.length, `function "${name}" not defined`);
        }
        break;
      case 'variable': {
        const [name, ...fields] = token.text.split('.');
        if (!isDeclared(name, scopes)) report(token.offset, name.length, `undefined variable "${name}"`);
        if (name === '$labels' && fields.length > 0) labelReferences.push({ name: fields[0], offset: token.offset + name.length + 1 });
        break;
      }
      case 'declare':
      case 'assign':
      case 'comma':
        report(token.offset, token.text.length, `unexpected "${token.text}" in operand`);
        break;
      default:
        break;
    }
    commandLength++;
  }
  if (depth > 0) report(body[body.length - 1].offset, 1, 'unclosed left paren');
  if (body.length > 0 && commandLength === 0 && body[body.length - 1].kind === 'pipe') report(commandStart - 1, 1, 'missing value for command');
}

function isDeclared(name: string, scopes: Set<string>[]): boolean {
  return scopes.some((scope) => scope.has(name));
}
