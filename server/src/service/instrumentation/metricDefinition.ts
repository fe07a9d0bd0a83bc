import type { MetricType } from '../exposition/expositionParser';
import type { TextRange } from '../promql/syntaxTree';
import type { Problem } from '../diagnostic';
import type { ParsedCode } from './incrementalParse';
import type { PythonUseMemo } from './pythonUseMemo';

/*
 * A metric as application code defines it: the one model the Python (`prometheus_client`) and
 * JavaScript/TypeScript (`prom-client`) readers produce, the instrumentation rules check, and the
 * workspace turns into catalog entries (completion, hover) and navigation targets (go to
 * definition from PromQL into code, references from code to the PromQL that reads it).
 *
 * Offsets are into the code file's text. A value the reader cannot resolve statically (a name
 * built at run time) is `undefined` with the reason in `unresolved`, never a guess.
 */

export type ClientLibrary = 'prometheus_client' | 'prom-client';

/** The constructor, as the library names it. */
export type MetricClass = 'Counter' | 'Gauge' | 'Histogram' | 'Summary' | 'Info' | 'Enum';

/** A string the code writes, resolved through module-level constants and simple concatenations. */
export interface StaticString {
  /** undefined: not resolvable statically (see `unresolved`). */
  readonly value: string | undefined;
  /** Where it is written (the argument, or the list element). */
  readonly range: TextRange;
  readonly unresolved?: string;
  /** Written as one plain string literal, its value exactly the text between its one-character quotes (a rename can edit it in place). */
  readonly literal?: boolean;
}

/** A name the library exposes for a definition, as a scrape shows it. */
export interface ExposedName {
  readonly name: string;
  /** The family's TYPE as the exposition says it (`counter` for `x_total` and `x_created` alike). */
  readonly type: MetricType;
  /** The family (`http_request_duration_seconds` for its `_bucket`). */
  readonly family: string;
  /** Labels the library adds to this name's series beyond the definition's (`le` on `_bucket`, an Enum's state label). */
  readonly addedLabels?: readonly string[];
}

export interface MetricDefinition {
  readonly library: ClientLibrary;
  readonly metricClass: MetricClass;
  /** The whole constructor call. */
  readonly range: TextRange;
  /** The name argument as written; undefined when the call has none. */
  readonly nameArgument: StaticString | undefined;
  /** The family name after `namespace`, `subsystem`, `unit` and suffix rules; undefined when unresolved. */
  readonly family: string | undefined;
  /** Every series name the library exposes for it (empty when the name is unresolved). */
  readonly exposed: readonly ExposedName[];
  readonly help: string | undefined;
  /** undefined: none given (an unlabelled metric) or, with `labelNamesUnresolved`, not resolvable. */
  readonly labelNames: readonly StaticString[] | undefined;
  readonly labelNamesUnresolved?: string;
  /** Histogram buckets as written; undefined: the library's defaults, or not resolvable (see `bucketsUnresolved`). */
  readonly buckets: readonly { readonly value: number; readonly range: TextRange }[] | undefined;
  /** Why the buckets, given but not as numbers of this file (or maybe in `**kwargs`), are unknown: they are not the defaults. */
  readonly bucketsUnresolved?: string;
  /** What the metric is bound to (`REQUESTS`, `self.requests`, `httpRequests`): how `.labels()` calls find it. */
  readonly binding: string | undefined;
  /** `multiprocess_mode` of a `prometheus_client` Gauge, when given (as written when not a constant); the `*args`/`**kwargs` text when it may be given there. */
  readonly multiprocessMode?: string;
}

/** What one code file says about metrics. */
export interface CodeMetrics {
  /** The client library the file imports; undefined: none, and nothing else was read. */
  readonly library: ClientLibrary | undefined;
  readonly definitions: readonly MetricDefinition[];
  /** The file's own instrumentation findings (naming, cardinality, `instrumentation/*`). */
  readonly problems: readonly Problem[];
  /** The file sets up multiprocess mode (`MultiProcessCollector`, `PROMETHEUS_MULTIPROC_DIR`). */
  readonly multiprocess: boolean;
  /**
   * The parse, for an incremental re-parse of the next version (hand this `CodeMetrics` back to
   * `readCodeMetrics` as `previous`); undefined when nothing was parsed. Call `parsed.release()`
   * when the file goes away without a next version.
   */
  readonly parsed?: ParsedCode;
  /** The findings of a Python module's statements that use metrics, for the next version's read (pythonUseMemo.ts). */
  readonly pythonUses?: PythonUseMemo;
}

/** The languages the readers take, as editors name them. */
export type CodeLanguage = 'python' | 'javascript' | 'javascriptreact' | 'typescript' | 'typescriptreact';

/**
 * Where a finding about a histogram's buckets goes: the span of its written buckets, else its name
 * argument (the library's default buckets), else the whole call. A loop, not `Math.min(...list)`:
 * spreading a list of thousands of buckets into arguments overflows the stack.
 */
export function bucketsRange(definition: MetricDefinition): TextRange {
  const written = definition.buckets;
  if (!written || written.length === 0) return definition.nameArgument?.range ?? definition.range;
  let start = Infinity;
  let end = -Infinity;
  for (const bucket of written) {
    if (bucket.range.start < start) start = bucket.range.start;
    if (bucket.range.end > end) end = bucket.range.end;
  }
  return { start, end };
}
