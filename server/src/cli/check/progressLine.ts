import type { ProgressListener } from './workspaceCheck';

/*
 * The progress line of a long check: on a terminal only (never in a CI log or a pipe), shown once the
 * run has taken a second, redrawn at most ten times a second, erased when the check ends.
 */

const SHOW_AFTER_MS = 1000;
const REDRAW_EVERY_MS = 100;

export interface ProgressLine {
  readonly listener: ProgressListener;
  /** Erases the line, if it was drawn. */
  finish(): void;
}

/**
 * `isTerminal` may be a question, asked only once the run has taken a second: the command asks
 * whether stderr is a terminal so, as Node's answer opens the stream (see cli/main.ts).
 */
export function progressLine(write: (text: string) => void, isTerminal: boolean | (() => boolean), now: () => number = Date.now): ProgressLine {
  const started = now();
  let drawnAt = 0;
  let drawn = false;
  let terminal = typeof isTerminal === 'boolean' ? isTerminal : undefined;
  return {
    listener: (done, total) => {
      if (terminal === false) return;
      const at = now();
      if (at - started < SHOW_AFTER_MS || at - drawnAt < REDRAW_EVERY_MS) return;
      terminal ??= (isTerminal as () => boolean)();
      if (!terminal) return;
      drawnAt = at;
      drawn = true;
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
      write(`\rprometheus-lsp check: ${percent}% (${Math.ceil(total / 2)} files)\u001b[K`);
    },
    finish: () => {
      if (drawn) write('\r\u001b[K');
      drawn = false;
    },
  };
}
