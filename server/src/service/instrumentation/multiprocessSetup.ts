/*
 * Whether a Python file sets up prometheus_client's multiprocess mode (gunicorn, uWSGI): it names
 * the directory variable or builds a `MultiProcessCollector`. Textual, like the import pre-check:
 * a gunicorn config or an entry point that only sets the variable counts too.
 */

const MULTIPROCESS = /\bPROMETHEUS_MULTIPROC_DIR\b|\bprometheus_multiproc_dir\b|\bMultiProcessCollector\b/;

export function hasMultiprocessSetup(text: string): boolean {
  return MULTIPROCESS.test(text);
}
