/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A field that a
 * spreadsheet would run as a formula (leading = + - @, or a tab or CR before one) gets a leading
 * apostrophe, so it stays text; plain negative numbers stay numbers.
 */
export function csvField(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  const formula = /^[=+\-@\t\r]/.test(text) && !/^-\d+(\.\d+)?$/.test(text);
  const safe = formula ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV record, CRLF-terminated. */
export const csvRecord = (fields: readonly unknown[]): string => `${fields.map(csvField).join(',')}\r\n`;
