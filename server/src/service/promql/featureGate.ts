import type { PromQLAnalysis } from './analysis';
import {
  AGGREGATION_AVAILABILITY, compareVersions, FUNCTION_AVAILABILITY, SYNTAX_AVAILABILITY, SYNTAX_FEATURE_KEYS,
  type Availability, type SyntaxFeature,
} from './languageVersions';
import { forEachPreOrder, type TextRange } from './syntaxTree';

/*
 * What the server a user queries can run. Prometheus 3.x says which functions, operators and syntax
 * it has enabled (`/api/v1/features`); older servers say only their version, which tells what
 * exists. Completion offers only what the server supports, and a use of anything else becomes a
 * diagnostic that names the version or the feature flag it needs.
 *
 * Without a server (or with one that says nothing, such as VictoriaMetrics, whose MetricsQL is a
 * superset) everything Prometheus knows is allowed.
 */

export interface ServerLanguage {
  /** The server's name as the user configured it. */
  readonly label: string;
  readonly product: 'prometheus' | 'victoriametrics' | 'unknown';
  readonly version: string | undefined;
  readonly features: Readonly<Record<string, Readonly<Record<string, boolean>>>> | undefined;
}

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const OK: Verdict = { ok: true };

function judge(what: string, category: string, names: readonly string[], availability: Availability | undefined, server: ServerLanguage): Verdict {
  if (server.product !== 'prometheus') return OK;
  const flag = availability?.flag;
  const features = server.features?.[category];
  if (features) {
    const states = names.map((n) => features[n]);
    if (states.every((s) => s === true)) return OK;
    if (states.some((s) => s === false)) {
      return { ok: false, reason: `${what} is not enabled on ${server.label}${flag ? `: start Prometheus with --enable-feature=${flag}` : ''}` };
    }
    // Not listed at all: this server's version does not have it.
    return { ok: false, reason: `${what} is not supported by ${server.label} (Prometheus ${server.version ?? 'of unknown version'})` };
  }
  if (!availability || !server.version) return OK;
  if (compareVersions(server.version, availability.since) < 0) {
    return {
      ok: false,
      reason: `${what} needs Prometheus ${availability.since} or later${flag ? ` with --enable-feature=${flag}` : ''}; ${server.label} runs ${server.version}`,
    };
  }
  // Present in this version but perhaps behind a flag that the server cannot report: say nothing rather than guess.
  return OK;
}

export function functionVerdict(kind: 'function' | 'aggregation', name: string, server: ServerLanguage | undefined): Verdict {
  if (!server) return OK;
  return kind === 'function'
    ? judge(`function "${name}"`, 'promql_functions', [name], FUNCTION_AVAILABILITY.get(name), server)
    : judge(`aggregation "${name}"`, 'promql_operators', [name], AGGREGATION_AVAILABILITY.get(name), server);
}

const SYNTAX_NAMES: Readonly<Record<string, string>> = {
  'duration-expressions': 'duration expressions',
  'extended-range-selectors': 'the anchored/smoothed modifiers',
  'binop-fill-modifiers': 'fill modifiers',
};

export function syntaxVerdict(feature: SyntaxFeature, server: ServerLanguage | undefined): Verdict {
  if (!server) return OK;
  const keys = SYNTAX_FEATURE_KEYS.get(feature);
  return judge(SYNTAX_NAMES[feature] ?? feature, keys?.category ?? 'promql', keys?.names ?? [], SYNTAX_AVAILABILITY.get(feature), server);
}

/** Uses of functions, aggregations and syntax the server does not support, with the reason. */
export function unsupportedUses(analysis: PromQLAnalysis, server: ServerLanguage | undefined): { range: TextRange; message: string }[] {
  if (!server || server.product !== 'prometheus') return [];
  const out: { range: TextRange; message: string }[] = [];
  forEachPreOrder(analysis.expr, (node) => {
    if (node.kind === 'Call' && node.func) {
      const verdict = functionVerdict('function', node.name, server);
      if (!verdict.ok) out.push({ range: node.nameRange, message: verdict.reason });
    } else if (node.kind === 'Aggregation') {
      const verdict = functionVerdict('aggregation', node.op, server);
      if (!verdict.ok) out.push({ range: node.opRange, message: verdict.reason });
    }
  });
  for (const use of analysis.features) {
    const verdict = syntaxVerdict(use.feature, server);
    if (!verdict.ok) out.push({ range: use.range, message: verdict.reason });
  }
  return out;
}
