import { EventEmitter, Uri, commands, window, workspace, type Disposable, type TextDocumentContentProvider } from 'vscode';

/*
 * The target report as a read-only document: the server's Markdown served under the
 * `prometheus-report:` scheme (a virtual document VS Code never asks to save) and shown in the
 * Markdown preview. Opening the same target again refreshes its report in place.
 */

export const REPORT_SCHEME = 'prometheus-report';

export class TargetReports implements TextDocumentContentProvider, Disposable {
  private readonly reports = new Map<string, string>();
  private readonly changed = new EventEmitter<Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: Disposable;

  constructor() {
    this.registration = workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this);
  }

  provideTextDocumentContent(uri: Uri): string {
    return this.reports.get(uri.toString()) ?? '';
  }

  /** Shows a report (its first line, `# job — host:port`, names it) in the preview; in a read-only editor when there is no preview. */
  async show(report: string): Promise<Uri> {
    const title = /^# (.+)$/m.exec(report)?.[1] ?? 'target';
    const uri = Uri.from({ scheme: REPORT_SCHEME, path: `/Target report ${title.replace(/[/\\]/g, '_')}.md` });
    const known = this.reports.has(uri.toString());
    this.reports.set(uri.toString(), report);
    if (known) this.changed.fire(uri);
    try {
      await commands.executeCommand('markdown.showPreview', uri);
    } catch {
      await window.showTextDocument(await workspace.openTextDocument(uri), { preview: true });
    }
    return uri;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
