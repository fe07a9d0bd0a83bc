import * as path from 'node:path';
import { workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/*
 * The VS Code client: starts the bundled language server and connects it to the editor. It holds no
 * language logic; everything it shows, the server computed.
 */

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'cli.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, args: ['serve'], transport: TransportKind.ipc },
    debug: { module: serverModule, args: ['serve'], transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // PromQL files, and YAML files: the server recognises configurations, rule files and rule tests by content
    // and leaves other YAML alone, so the YAML extension keeps working side by side.
    documentSelector: [{ language: 'promql' }, { language: 'yaml', scheme: 'file' }, { language: 'yaml', scheme: 'untitled' }],
    // The server indexes recording rules across the workspace and keeps the index current from these events.
    synchronize: { fileEvents: workspace.createFileSystemWatcher('**/*.{yml,yaml,promql}'), configurationSection: 'prometheus' },
    // Workspace Trust travels with the settings: in an untrusted workspace the server fetches nothing that
    // workspace files name and reads no credential file. The client's word overrides any setting of that name.
    initializationOptions: { ...workspace.getConfiguration('prometheus'), trustedWorkspace: workspace.isTrusted },
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return result.map((value, i) => (params.items[i]?.section === 'prometheus' && value && typeof value === 'object' ? { ...value, trustedWorkspace: workspace.isTrusted } : value));
        },
      },
    },
  };
  client = new LanguageClient('prometheus', 'Prometheus', serverOptions, clientOptions);
  context.subscriptions.push(workspace.onDidGrantWorkspaceTrust(() => {
    void client?.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }));
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
