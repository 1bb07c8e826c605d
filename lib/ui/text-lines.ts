/** Non-empty lines, trimmed: one text each (the matrix page's texts, the retrieval check's passages). */
export function textLines(s: string): string[] {
  return s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}
