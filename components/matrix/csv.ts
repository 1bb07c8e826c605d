/** CSV writing (RFC 4180) for the matrix export. */

/**
 * One CSV field: quoted when it holds a comma, quote, CR or LF (quotes doubled). A text that starts with = + - @ or a
 * tab gets a leading apostrophe, so a spreadsheet shows it instead of running it as a formula (OWASP CSV injection).
 */
export function csvField(value: string | number): string {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * An n×n matrix as CSV: a header row with a corner label and the texts, then one row per text (the row text first).
 * `values` is row-major; lines end with CRLF as RFC 4180 says.
 */
export function matrixCsv(corner: string, texts: readonly string[], values: ArrayLike<number>): string {
  const n = texts.length;
  if (values.length !== n * n) throw new RangeError(`matrix has ${values.length} cells, expected ${n}×${n}`);
  const lines = [[corner, ...texts].map(csvField).join(",")];
  for (let i = 0; i < n; i++) {
    const row: (string | number)[] = [texts[i]!];
    for (let j = 0; j < n; j++) row.push(Number(values[i * n + j]!.toFixed(7)));
    lines.push(row.map(csvField).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}
