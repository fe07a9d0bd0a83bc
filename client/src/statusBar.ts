import { MarkdownString, StatusBarAlignment, ThemeColor, window, type StatusBarItem } from 'vscode';

/*
 * The status-bar item: the live sources' health at a glance (the active server first), with the
 * last error of each in the tooltip. It renders what the server reports in `prometheus/sourceStatus`.
 */

export interface SourceStatus {
  readonly id: string;
  readonly label: string;
  readonly kind: 'scrape' | 'prometheus';
  readonly state: 'loading' | 'ready' | 'error';
  readonly message?: string;
  readonly metricCount: number;
  readonly server?: { product: string; version?: string };
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
    const tooltip = new MarkdownString('**Prometheus live sources**\n\n');
    if (sources.length === 0) tooltip.appendMarkdown('None configured: set `prometheus.servers` or `prometheus.scrapeUrls`, or open a workspace with a `prometheus.yml`.\n');
    for (const s of sources) {
      const what = s.state === 'ready' ? `${s.metricCount} metrics` : s.state;
      tooltip.appendMarkdown(`- ${s.state === 'error' ? '⚠' : s.state === 'ready' ? '✓' : '…'} **`);
      tooltip.appendText(s.label);
      tooltip.appendMarkdown(`** (${s.kind}${s.server?.version ? ` ${s.server.product} ${s.server.version}` : ''}): ${what}`);
      if (s.message) {
        tooltip.appendMarkdown(' — ');
        tooltip.appendText(s.message);
      }
      tooltip.appendMarkdown('\n');
    }
    tooltip.appendMarkdown('\nClick to refresh.');
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
