/*
 * Control characters in text that came from a server or a workspace file: ANSI escape sequences
 * (colours, cursor moves, OSC 8 hyperlinks, terminal title changes), other C0 and C1 controls, and
 * the Unicode bidirectional overrides that make a text read differently from what it holds. Every
 * surface that shows such text (notifications, diagnostics, hovers, terminals) removes or escapes
 * them; this module is the one definition of what they are.
 */

/** CSI (`ESC [ … final`), OSC (`ESC ] … BEL` or `ESC ] … ESC \`), and two-byte escapes; C1 CSI and OSC too. */
const ANSI_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|(?:\u001b\]|\u009d)[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[@-Z\\-_]/g;

/** C0 controls but tab, line feed and carriage return; DEL; C1 controls; bidi embeddings, overrides and isolates. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The text without escape sequences and control characters; tabs and line breaks stay. */
export function withoutControlCharacters(text: string): string {
  return text.replace(ANSI_SEQUENCE, '').replace(CONTROL, '');
}

/**
 * The text with every control character (tab and line breaks included) written as a visible
 * escape, `\x1b` or `\u202e`: for a terminal, where the raw character would act instead of show.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    if (c === '\t') return '\\t';
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
