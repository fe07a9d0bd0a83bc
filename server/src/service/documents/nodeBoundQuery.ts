import type { Scalar } from 'yaml';
import type { PromQLAnalysis } from '../promql/analysis';
import type { TextRange } from '../promql/syntaxTree';
import { rangeStart } from './compactYamlNodes';
import { movedMap, type ScalarSourceMap } from './scalarSourceMap';
import { shiftRange } from './textRanges';

/*
 * The PromQL of an `expr:` scalar (yamlDocument.ts' EmbeddedQuery) that takes its place from its
 * scalar node. After a keystroke in a rule file the nodes of the groups after the edit move by one
 * addition per group (yamlItemReread.ts); a query that held its own offsets had to be moved too,
 * a new object with a new source map for each of the 5,000 queries after a keystroke in the middle
 * of a file of 10,000 rules. This one reads where its node starts when its range or map is read,
 * and moves them then, if the node moved since: a query after the edit is kept as it is.
 */
export class NodeBoundQuery {
  /** Where the node started when `current` and `currentMap` were last brought up to it. */
  private start: number;
  private current: TextRange;
  private currentMap: ScalarSourceMap;

  constructor(private readonly node: Scalar, range: TextRange, map: ScalarSourceMap, readonly analysis: PromQLAnalysis) {
    this.start = range.start;
    this.current = range;
    this.currentMap = map;
  }

  /** The scalar's range in the document. */
  get range(): TextRange {
    this.follow();
    return this.current;
  }

  get map(): ScalarSourceMap {
    this.follow();
    return this.currentMap;
  }

  /** Whether this is the query of `node`: then it moves with it, and a parse that keeps the node keeps the query. */
  isOf(node: unknown): boolean {
    return node === this.node;
  }

  private follow(): void {
    const start = rangeStart(this.node);
    if (start === this.start) return;
    const delta = start - this.start;
    this.start = start;
    this.current = shiftRange(this.current, delta);
    this.currentMap = movedMap(this.currentMap, delta);
  }
}
