/*
 * The one declaration of the request by which the server asks the client whether it may read a
 * credential file that a workspace's configuration names outside the workspace folders
 * (`credentials_file: ~/.git-credentials`, to be sent to a target the same file chooses). The
 * VS Code client asks the user once per file and remembers the answer; other editors list such
 * files in `prometheus.allowedCredentialFiles`. Declarations only: the client bundles this file.
 */

/** Server → client request. */
export const CREDENTIAL_FILE_REQUEST = 'prometheus/allowCredentialFile';

export interface CredentialFileParams {
  /** The file's absolute path (symbolic links resolved). */
  readonly path: string;
  /** The scrape job whose target the file's content would be sent to. */
  readonly job: string;
  /** The configuration that names it. */
  readonly configUri: string;
}

export interface CredentialFileAnswer {
  readonly allowed: boolean;
}
