import type { CodeMetrics, ExposedName, MetricDefinition } from '../instrumentation/metricDefinition';

/*
 * The metrics the workspace's application code defines, by the names they expose: the code side of
 * the one catalog. Completion and hover read it wherever PromQL is written (with or without live
 * sources), go to definition jumps from a PromQL name (`x_total`, `x_bucket`…) to the constructor
 * call, references go back from the call to every rule and query that reads it, and the
 * multiprocess fact spans the workspace. One entry per code file, replaced whole when the file
 * changes (a module defines tens of metrics, not thousands); the lookup by name is rebuilt on the
 * first question after a change.
 */

/** A definition in one code file. */
export interface CodeDefinition {
  readonly uri: string;
  readonly definition: MetricDefinition;
  /** 1-based line of the constructor call ("defined in `app/metrics.py:12`"). */
  readonly line: number;
}

/** One name a definition exposes, with its definition. */
export interface ExposedCodeMetric {
  readonly exposed: ExposedName;
  readonly at: CodeDefinition;
}

interface CodeFile {
  readonly metrics: CodeMetrics;
  readonly definitions: readonly CodeDefinition[];
}

const NONE: readonly never[] = [];

export class CodeDefinitions {
  private readonly files = new Map<string, CodeFile>();
  private byName: Map<string, ExposedCodeMetric[]> | null = null;
  /** Definitions by the names they are written with (name argument, family) that they do not expose. */
  private byWritten = new Map<string, CodeDefinition[]>();
  private multiprocessFiles = 0;

  /** A code file's metrics (`lineOf`: the 1-based line of an offset of its text). */
  set(uri: string, metrics: CodeMetrics, lineOf: (offset: number) => number): void {
    this.delete(uri);
    const definitions = metrics.definitions.map((definition) => ({ uri, definition, line: lineOf(definition.range.start) }));
    this.files.set(uri, { metrics, definitions });
    if (metrics.multiprocess) this.multiprocessFiles++;
    if (definitions.length > 0) this.byName = null;
  }

  delete(uri: string): void {
    const old = this.files.get(uri);
    if (!old) return;
    this.files.delete(uri);
    if (old.metrics.multiprocess) this.multiprocessFiles--;
    if (old.definitions.length > 0) this.byName = null;
  }

  /** What one code file says, as last read. */
  file(uri: string): CodeMetrics | undefined {
    return this.files.get(uri)?.metrics;
  }

  /** The definitions of one code file. */
  definitionsIn(uri: string): readonly CodeDefinition[] {
    return this.files.get(uri)?.definitions ?? NONE;
  }

  /** The code files read (those that import no client library included). */
  get size(): number {
    return this.files.size;
  }

  /** Whether some code file of the workspace sets up `prometheus_client`'s multiprocess mode. */
  get multiprocess(): boolean {
    return this.multiprocessFiles > 0;
  }

  /** The definitions that expose this series name, in the files' order. */
  exposing(name: string): readonly ExposedCodeMetric[] {
    return this.names().get(name) ?? NONE;
  }

  /** The definitions written with this name (their name argument or family) that expose it under others only. */
  writtenAs(name: string): readonly CodeDefinition[] {
    this.names();
    return this.byWritten.get(name) ?? NONE;
  }

  /** Every exposed name with the definitions that expose it. */
  all(): ReadonlyMap<string, readonly ExposedCodeMetric[]> {
    return this.names();
  }

  private names(): Map<string, ExposedCodeMetric[]> {
    if (this.byName) return this.byName;
    const byName = new Map<string, ExposedCodeMetric[]>();
    const byWritten = new Map<string, CodeDefinition[]>();
    for (const file of this.files.values()) {
      for (const at of file.definitions) {
        const written = new Set([at.definition.nameArgument?.value, at.definition.family]);
        for (const name of written) {
          if (name === undefined || at.definition.exposed.some((e) => e.name === name)) continue;
          const list = byWritten.get(name);
          if (list) list.push(at);
          else byWritten.set(name, [at]);
        }
        for (const exposed of at.definition.exposed) {
          const list = byName.get(exposed.name);
          if (list) list.push({ exposed, at });
          else byName.set(exposed.name, [{ exposed, at }]);
        }
      }
    }
    this.byName = byName;
    this.byWritten = byWritten;
    return byName;
  }
}

/**
 * Where a definition (or a rule) is, as a user reads it from another file of the workspace: the
 * file's path from the folder both files share, with the line (`app/metrics.py:12`).
 */
export function definitionPlace(at: { readonly uri: string; readonly line: number }, fromUri: string): string {
  const target = at.uri.split('/');
  const from = fromUri.split('/');
  let shared = 0;
  while (shared < target.length - 1 && shared < from.length - 1 && target[shared] === from[shared]) shared++;
  let path = target.slice(shared).join('/');
  try {
    path = decodeURIComponent(path);
  } catch {
    // a malformed escape is shown as written
  }
  return `${path}:${at.line}`;
}

/**
 * The label names a series of the definition carries: its `labelnames`, plus `le` on a histogram's
 * buckets, `quantile` on a summary's quantiles, and the state label of an Enum.
 */
export function exposedLabelNames(metric: ExposedCodeMetric): string[] {
  const { definition } = metric.at;
  const names = (definition.labelNames ?? []).flatMap((n) => (n.value === undefined ? [] : [n.value]));
  const { name, family } = metric.exposed;
  if (definition.metricClass === 'Histogram' && name === `${family}_bucket`) names.push('le');
  if (definition.metricClass === 'Summary' && name === family) names.push('quantile');
  if (definition.metricClass === 'Enum' && definition.family !== undefined) names.push(definition.family);
  return [...new Set(names)].sort();
}
