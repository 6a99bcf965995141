// Aligned, borderless text tables: the admin script's output and the digests' mail share them.
import Table from 'cli-table3';

const BORDERLESS = {
  chars: {
    top: '',
    'top-mid': '',
    'top-left': '',
    'top-right': '',
    bottom: '',
    'bottom-mid': '',
    'bottom-left': '',
    'bottom-right': '',
    left: '',
    'left-mid': '',
    mid: '',
    'mid-mid': '',
    right: '',
    'right-mid': '',
    middle: '  ',
  },
  style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
};

export function table(rows: string[][], head?: string[]): string {
  const t = new Table({ ...BORDERLESS, ...(head ? { head } : {}) });
  t.push(...rows);
  return t
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}
