// The register as a spreadsheet: CSV that opens cleanly and cannot carry a formula.
import { stringify } from 'csv-stringify/sync';
import type { RegisterRow } from '../api/schemas';

export const REGISTER_COLUMNS: (keyof RegisterRow)[] = [
  'ref',
  'provider',
  'site',
  'region',
  'category',
  'categoryStatus',
  'riskScore',
  'riskBand',
  'stage',
  'categorySince',
  'daysSinceCategory',
  'nextReviewDue',
  'reviewOverdue',
  'overdueObjectives',
  'leadAgency',
  'owner',
];

/**
 * A cell that starts with = + - @ (or a tab or carriage return) is read as a formula by
 * spreadsheets; prefixing a quote makes it text ("CSV injection").
 */
export function neutralise(value: string | number | boolean | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** UTF-8 with a byte-order mark (so spreadsheets read it as UTF-8), a header row, every field quoted. */
export function registerCsv(rows: RegisterRow[]): string {
  return stringify(
    rows.map((r) => REGISTER_COLUMNS.map((c) => (typeof r[c] === 'string' ? neutralise(r[c]) : r[c]))),
    {
      header: true,
      columns: REGISTER_COLUMNS,
      quoted: true,
      quoted_empty: true,
      bom: true,
      cast: { boolean: (b) => (b ? 'yes' : 'no') },
    },
  );
}
