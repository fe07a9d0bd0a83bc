import { window, type Memento } from 'vscode';
import type { CredentialFileAnswer, CredentialFileParams } from '../../server/src/lsp/protocol';

/*
 * The user's consent to read a credential file outside the workspace. A trusted workspace's
 * prometheus.yml can name any file (`credentials_file: /home/me/.git-credentials`) and a target to
 * send its content to; the server reads such a file only after the user allowed it here, once per
 * file. Allowed files are remembered across sessions (globalState); a refusal holds for the
 * session, so that the question is not asked again at every edit.
 */

const ALLOWED_KEY = 'prometheus.allowedCredentialFiles';

export class CredentialFileConsent {
  private readonly refused = new Set<string>();

  constructor(private readonly state: Memento) {}

  async answer(params: CredentialFileParams): Promise<CredentialFileAnswer> {
    const allowed = this.state.get<string[]>(ALLOWED_KEY, []);
    if (allowed.includes(params.path)) return { allowed: true };
    if (this.refused.has(params.path)) return { allowed: false };
    const choice = await window.showWarningMessage(
      `The Prometheus configuration of this workspace names a file outside the workspace as a credential for its scrape job "${params.job}": ${params.path}. Read it and send its content to that job's targets?`,
      { modal: true, detail: 'Only allow files you expect this workspace to use. The answer is remembered for this file.' },
      'Allow',
    );
    if (choice !== 'Allow') {
      this.refused.add(params.path);
      return { allowed: false };
    }
    await this.state.update(ALLOWED_KEY, [...allowed, params.path]);
    return { allowed: true };
  }
}
