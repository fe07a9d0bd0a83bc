import type { RuleDefinition } from '../rules/ruleIndex';

/*
 * The metric names the workspace's rules record and read, as PromQL completion offers them: the
 * recording rules' names first, then the names only read, each once, in the index's order, with
 * each name's character set (fuzzyMatch.ts's charMask) so that most names are ruled out by one AND.
 * The workspace index keeps it between changes of its recording rules, adding and removing the
 * names read as they come and go: a completion after a keystroke in a file of 10,000 rules then
 * scores names instead of collecting every rule and use again (about 10 ms for 5,000 of each before).
 */
export interface WorkspaceMetricNames {
  readonly names: readonly string[];
  /** The character set of each name. */
  readonly masks: readonly number[];
  /** `names[0, records)` are recording rules' names; the others are only read. */
  readonly records: number;
  /** The first recording rule of a name among `names[0, records)`. */
  record(name: string): RuleDefinition | undefined;
}
