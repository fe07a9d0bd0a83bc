/*
 * What a diagnostic code declares: its id, its default severity and a one-line description. A leaf
 * module, so that the lint rules (which are codes) and the table of every code can both use it
 * without importing each other.
 */

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface DiagnosticCode {
  readonly code: string;
  readonly defaultSeverity: Severity;
  readonly description: string;
}
