import { EVENT_ID, parseEvents, type Event } from 'js-yaml';

/*
 * js-yaml's events of a text, read one item at a time when the text is, past a few lines, one long
 * block sequence (a rule file's `groups:`, a PrometheusRule's `spec.groups`, a configuration ending
 * in `scrape_configs:`). js-yaml returns all of a text's events in one array (about 160,000 objects
 * for a rule file of 10,000 rules), which lives until the last event is read: the young-generation
 * collector copies every event and promotes it, and the process touches tens of MB of fresh memory
 * for them (bench/check.bench.ts: 180 ms to read that file whole, 80 ms item by item). Read item by
 * item, each item's events die young.
 *
 * The text is cut before each line that starts an item of that sequence (a `-` at its column); the
 * first piece holds everything before the second item, and every later piece is parsed alone as a
 * document whose root is a one-item sequence. Those documents' wrappers are dropped and their
 * offsets moved back into the text, so the visitor sees the very events of the whole text
 * (test/server/service/documents/yamlEventStream.test.ts compares both over the corpus). The cut is
 * not made when another line at that column or left of it holds anything but a comment (another
 * key, a document marker), and it does not hold when a piece does not parse as one item (a quoted
 * scalar or flow collection running across a cut, a `-` inside a block scalar): the caller then
 * reads the whole text.
 */

/**
 * The event types, read once: in the bundle js-yaml is CommonJS (see esbuild.mjs), and each
 * `EVENT_ID.X` would go through an interop getter, per event.
 */
export const { DOCUMENT, SEQUENCE, MAPPING, SCALAR, ALIAS, POP } = EVENT_ID;

/**
 * Whether every event was visited, the visitor stopped, the cut did not hold (no event should
 * count: read the whole text), or js-yaml refused the text.
 */
export type EventReading = 'done' | 'stopped' | 'uncut' | 'invalid';

/** js-yaml's limit on nesting (its default), counted from a parse's root. */
const MAX_DEPTH = 100;

/** Offsets where the text is cut, each the start of a line holding an item of the sequence; null: read it whole. */
export function itemCuts(text: string): number[] | null {
  let firstItem = -1;
  let column = -1;
  const cuts: number[] = [];
  for (let lineStart = 0; lineStart < text.length;) {
    const next = text.indexOf('\n', lineStart);
    const lineEnd = next === -1 ? text.length : next;
    let at = lineStart;
    while (text.charCodeAt(at) === 0x20) at++;
    const first = text.charCodeAt(at);
    const blank = at >= lineEnd || first === 0x0d || first === 0x23; // empty, CR only, or a comment
    if (!blank) {
      const indent = at - lineStart;
      const after = text.charCodeAt(at + 1);
      const isItem = first === 0x2d && (at + 1 >= lineEnd || after === 0x20 || after === 0x0d); // `- `, or `-` alone
      if (firstItem === -1) {
        if (isItem) {
          firstItem = at;
          column = indent;
        }
      } else if (indent < column || (indent === column && !isItem)) {
        return null;
      } else if (indent === column) {
        cuts.push(lineStart);
      }
    }
    if (next === -1) break;
    lineStart = next + 1;
  }
  return cuts.length > 0 ? [firstItem, ...cuts] : null;
}

/** Visits the events of the whole text. */
export function visitEvents(text: string, visit: (event: Event) => boolean): EventReading {
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: MAX_DEPTH });
  } catch {
    return 'invalid';
  }
  for (const event of events) if (!visit(event)) return 'stopped';
  return 'done';
}

/**
 * Visits the events of the text read piece by piece at `cuts` (from itemCuts: the first item's `-`,
 * then the line starts of the others). A piece that does not parse, or not as the pieces should,
 * ends the reading with 'uncut'.
 */
export function visitEventsByItem(text: string, cuts: readonly number[], visit: (event: Event) => boolean, found?: { pieceDepth: number }): EventReading {
  const [firstItem, ...starts] = cuts;
  // The first piece, up to the second item: the events of the sequence's ancestors and first item.
  let head: Event[];
  try {
    head = parseEvents(text.slice(0, starts[0]), { maxDepth: MAX_DEPTH });
  } catch {
    return 'uncut';
  }
  let depth = 0;
  let sequenceDepth = -1;
  let itemCount = 0;
  let closing = -1;
  for (let i = 0; i < head.length; i++) {
    const event = head[i];
    if (event.type === POP) {
      depth--;
      if (depth < sequenceDepth) {
        closing = i;
        break;
      }
      continue;
    }
    if (sequenceDepth !== -1 && depth === sequenceDepth) itemCount++;
    if (event.type === SEQUENCE && event.start === firstItem && event.style === 1 && sequenceDepth === -1) sequenceDepth = depth + 1;
    if (event.type === DOCUMENT || event.type === SEQUENCE || event.type === MAPPING) depth++;
  }
  // The events after the sequence's end close its ancestors only: the piece ends with pops.
  if (sequenceDepth === -1 || itemCount !== 1 || closing === -1 || head.length - closing !== sequenceDepth) return 'uncut';
  for (let i = closing; i < head.length; i++) if (head[i].type !== POP) return 'uncut';
  // A later piece's item sits below fewer collections than in the whole text (its document and
  // sequence only): the nesting limit is lowered by as many.
  const pieceOptions = { maxDepth: MAX_DEPTH - (sequenceDepth - 2) };
  if (found) found.pieceDepth = pieceOptions.maxDepth;
  for (let i = 0; i < closing; i++) if (!visit(head[i])) return 'stopped';
  for (let k = 0; k < starts.length; k++) {
    const base = starts[k];
    let events: Event[];
    try {
      events = parseEvents(text.slice(base, k + 1 < starts.length ? starts[k + 1] : text.length), pieceOptions);
    } catch {
      return 'uncut';
    }
    if (!isOneItemSequence(events)) return 'uncut';
    for (let i = 2; i < events.length - 2; i++) if (!visit(shifted(events[i], base))) return 'stopped';
  }
  for (let i = closing; i < head.length; i++) if (!visit(head[i])) return 'stopped';
  return 'done';
}

/**
 * The events of one item read alone from `text` between `start` and `end` (a piece, as
 * visitEventsByItem reads it), with offsets in `text`; null when the piece does not parse as one
 * item. `maxDepth`: js-yaml's nesting limit for the piece.
 */
export function itemEvents(text: string, start: number, end: number, maxDepth: number): Event[] | null {
  let events: Event[];
  try {
    events = parseEvents(text.slice(start, end), { maxDepth });
  } catch {
    return null;
  }
  if (!isOneItemSequence(events)) return null;
  const inner = events.slice(2, events.length - 2);
  for (const event of inner) shifted(event, start);
  return inner;
}

/**
 * Whether the lines from `start` to `end` (line starts) would be one piece of itemCuts' for a
 * sequence at `column`: the first holds an item's `-` at that column, and every other line that
 * holds more than a comment is indented deeper.
 */
export function holdsOneItem(text: string, start: number, end: number, column: number): boolean {
  for (let lineStart = start; lineStart < end;) {
    const next = text.indexOf('\n', lineStart);
    const lineEnd = next === -1 || next > end ? end : next;
    let at = lineStart;
    while (text.charCodeAt(at) === 0x20) at++;
    const first = text.charCodeAt(at);
    const blank = at >= lineEnd || first === 0x0d || first === 0x23;
    if (lineStart === start) {
      const after = text.charCodeAt(at + 1);
      if (at - lineStart !== column || first !== 0x2d || !(at + 1 >= lineEnd || after === 0x20 || after === 0x0d)) return false;
    } else if (!blank && at - lineStart <= column) {
      return false;
    }
    if (next === -1) break;
    lineStart = next + 1;
  }
  return true;
}

/** A document whose root is a block sequence of one item, without anchor or tag: the events of an item's piece. */
function isOneItemSequence(events: readonly Event[]): boolean {
  const n = events.length;
  if (n < 5 || events[0].type !== DOCUMENT || events[0].directives.length > 0) return false;
  const sequence = events[1];
  if (sequence.type !== SEQUENCE || sequence.style !== 1 || sequence.anchorStart !== -1 || sequence.tagStart !== -1) return false;
  if (events[n - 1].type !== POP || events[n - 2].type !== POP) return false;
  // From the item's first event, depth 0 is reached again exactly at its last.
  let depth = 0;
  for (let i = 2; i < n - 2; i++) {
    const type = events[i].type;
    if (type === DOCUMENT) return false;
    if (type === MAPPING || type === SEQUENCE) depth++;
    else if (type === POP) depth--;
    if (depth === 0 && i !== n - 3) return false;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/** The event with its offsets moved by `base` (absent ones, -1, stay). */
function shifted(event: Event, base: number): Event {
  switch (event.type) {
    case SCALAR:
      if (event.valueStart !== -1) {
        event.valueStart += base;
        event.valueEnd += base;
      }
      break;
    case MAPPING:
    case SEQUENCE:
      event.start += base;
      break;
    default:
      break;
  }
  if (event.type !== POP && event.type !== DOCUMENT && event.anchorStart !== -1) {
    event.anchorStart += base;
    event.anchorEnd += base;
  }
  if ((event.type === SCALAR || event.type === MAPPING || event.type === SEQUENCE) && event.tagStart !== -1) {
    event.tagStart += base;
    event.tagEnd += base;
  }
  return event;
}
