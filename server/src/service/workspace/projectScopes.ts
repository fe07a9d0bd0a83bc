/*
 * Which project of the workspace a file belongs to, so that a fact one project states about itself
 * (prometheus_client's multiprocess mode) does not spill onto the others of a monorepo or of a folder
 * of checkouts side by side. A project is the nearest ancestor folder holding a project marker:
 * what Python and Node projects really have at their root. Python: `pyproject.toml` (PEP 518/621,
 * Poetry, Hatch, uv), `setup.py` and `setup.cfg` (setuptools), `requirements*.txt` (pip, the usual
 * marker of an application that is not packaged, e.g. `requirements-dev.txt`), `Pipfile` (pipenv).
 * Node: `package.json` (npm, yarn, pnpm; every workspace package has one). Any: `.git` (a
 * repository root, folder or, in a worktree or submodule, file). `tox.ini` or `Dockerfile` are left
 * out: they also sit in folders that are no project (a service's deploy folder).
 * The service has no file system: the caller (editor scan, `check`'s walk) gives the markers found.
 * A file with no marker above it belongs to the first-level folder of its workspace folder (a folder
 * of unmarked checkouts side by side), and a file directly in the workspace folder speaks for every
 * such unmarked file of it.
 */

const MARKER_NAMES = new Set(['pyproject.toml', 'setup.py', 'setup.cfg', 'pipfile', 'package.json', '.git']);
const REQUIREMENTS = /^requirements[\w.-]*\.txt$/i;

/** Whether a file (or folder, for `.git`) of this name marks the root of a project. */
export function isProjectMarker(name: string): boolean {
  return MARKER_NAMES.has(name.toLowerCase()) || REQUIREMENTS.test(name);
}

/** A file's project: its folder (URI, no trailing slash), and whether a marker says so. */
export interface FileProject {
  readonly folder: string;
  readonly marked: boolean;
}

export class ProjectScopes {
  private roots: readonly string[] = [];
  private markedFolders = new Set<string>();

  /**
   * The workspace folders and the markers under them (URIs of the marker files or `.git` folders),
   * replacing those known before.
   */
  set(rootUris: readonly string[], markerUris: readonly string[]): void {
    this.roots = rootUris.map(trimSlash);
    this.markedFolders = new Set(markerUris.map((uri) => parentOf(trimSlash(uri))));
  }

  /** Whether any marker or root is known (without, the workspace is one project). */
  get known(): boolean {
    return this.roots.length > 0 || this.markedFolders.size > 0;
  }

  projectOf(uri: string): FileProject {
    for (let folder = parentOf(uri); folder !== ''; folder = parentOf(folder)) {
      if (this.markedFolders.has(folder)) return { folder, marked: true };
      if (this.roots.includes(folder)) break;
    }
    const root = this.roots.filter((r) => uri.startsWith(`${r}/`)).sort((a, b) => b.length - a.length)[0];
    if (root === undefined) return { folder: '', marked: false };
    const slash = uri.indexOf('/', root.length + 1);
    return { folder: slash < 0 ? root : uri.slice(0, slash), marked: false };
  }

  /** Whether what the file `from` says of its project holds for the file `to`. */
  sameProject(from: string, to: string): boolean {
    if (!this.known) return true;
    const a = this.projectOf(from);
    const b = this.projectOf(to);
    if (a.folder === b.folder) return true;
    // A file directly in a workspace folder with no marker above it: it speaks for the unmarked files of that folder.
    return !a.marked && !b.marked && this.roots.includes(a.folder) && b.folder.startsWith(`${a.folder}/`);
  }
}

function trimSlash(uri: string): string {
  return uri.endsWith('/') ? uri.slice(0, -1) : uri;
}

function parentOf(uri: string): string {
  const slash = uri.lastIndexOf('/');
  // `file:///x` has the root `file://` as parent: stop there.
  return slash <= uri.indexOf('//') + 1 ? '' : uri.slice(0, slash);
}
