import { MarkdownString, StatusBarAlignment, ThemeColor, window, type StatusBarItem } from 'vscode';
import type { SourceStatus } from '../../server/src/lsp/protocol';

/*
 * The status-bar item: the live sources' health at a glance (the active server first), with the
 * last error of each in the tooltip. It renders what the server reports in `prometheus/sourceStatus`,
 * each time it reports (a source that recovers shows as ready at once). Icons are codicons, which
 * need no emoji font; screen readers get a plain-text label, not the tooltip's Markdown.
 */

/** How the server's product names are written. */
const PRODUCTS: Record<string, string> = { prometheus: 'Prometheus', victoriametrics: 'VictoriaMetrics' };
const STATE_ICONS: Record<SourceStatus['state'], string> = { ready: '$(check)', error: '$(warning)', loading: '$(sync)' };

/** What a source is, in words: `Prometheus 2.42.0 server`, `server`, `scrape target`. */
export function sourceKind(source: SourceStatus): string {
  if (source.kind === 'scrape') return 'scrape target';
  const product = source.server ? PRODUCTS[source.server.product] : undefined;
  return product ? `${product}${source.server?.version ? ` ${source.server.version}` : ''} server` : 'server';
}

/** A source's state, in words: `120 metrics`, `loading`, `error: connection refused`. */
function stateOf(source: SourceStatus): string {
  if (source.state === 'ready') return `${source.metricCount.toLocaleString('en-US')} metrics`;
  return source.state === 'error' ? 'error' : 'loading';
}

export class SourceStatusBar {
  private readonly item: StatusBarItem;

  constructor(command: string) {
    this.item = window.createStatusBarItem('prometheus.sources', StatusBarAlignment.Left, 10);
    this.item.name = 'Prometheus sources';
    this.item.command = command;
    this.show([]);
  }

  show(sources: readonly SourceStatus[], activeServer?: string): void {
    const failing = sources.filter((s) => s.state === 'error');
    const loading = sources.some((s) => s.state === 'loading');
    const server = sources.find((s) => s.kind === 'prometheus' && (activeServer === undefined || s.label === activeServer)) ?? sources[0];
    const icon = failing.length > 0 ? '$(warning)' : loading ? '$(sync~spin)' : '$(pulse)';
    const name = server ? server.label : 'no live source';
    this.item.text = `${icon} ${name}${sources.length > 1 ? ` +${sources.length - 1}` : ''}`;
    this.item.backgroundColor = failing.length > 0 ? new ThemeColor('statusBarItem.warningBackground') : undefined;
    const tooltip = new MarkdownString('**Prometheus live sources**\n\n', true);
    const spoken: string[] = [];
    if (sources.length === 0) {
      tooltip.appendMarkdown('None configured: set `prometheus.servers` or `prometheus.scrapeUrls`, or open a workspace with a `prometheus.yml`.\n');
      spoken.push('no live source configured');
    }
    for (const s of sources) {
      tooltip.appendMarkdown(`- ${STATE_ICONS[s.state]} **`);
      tooltip.appendText(s.label);
      tooltip.appendMarkdown(`** (${sourceKind(s)}): `);
      tooltip.appendText(stateOf(s));
      if (s.message) {
        tooltip.appendMarkdown(' — ');
        tooltip.appendText(s.message);
      }
      tooltip.appendMarkdown('\n');
      spoken.push(`${s.label}, ${sourceKind(s)}: ${stateOf(s)}${s.message ? ` (${s.message})` : ''}`);
    }
    tooltip.appendMarkdown('\nClick to refresh.');
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `Prometheus live sources: ${spoken.join('; ')}. Click to refresh.`, role: 'button' };
    this.item.show();
  }

  /** What the item shows and says, for the end-to-end tests. */
  get rendered(): { text: string; accessibilityLabel: string; tooltip: string } {
    const tooltip = this.item.tooltip;
    return { text: this.item.text, accessibilityLabel: this.item.accessibilityInformation?.label ?? '', tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '') };
  }

  dispose(): void {
    this.item.dispose();
  }
}
