/** RFC 4180 CSV: every field quoted when it holds a comma, quote or line break; CRLF between records. */
const field = (value: unknown): string => {
  const text = value === undefined || value === null ? '' : String(value);
  // A leading = + - @ would be run as a formula by spreadsheets: prefix it so it stays text. So is a
  // leading tab or CR (OWASP): a spreadsheet may drop it and read a formula after it, and Number()
  // reads "\t5" as a number, so those are prefixed whatever follows.
  const safe = /^[\t\r]/.test(text) || (/^[=+\-@]/.test(text) && Number.isNaN(Number(text))) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function toCsv<T>(columns: readonly (keyof T & string)[], rows: readonly T[]): string {
  return [columns.join(','), ...rows.map((row) => columns.map((c) => field(row[c])).join(','))].join('\r\n') + '\r\n';
}
