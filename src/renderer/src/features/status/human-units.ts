/**
 * Counts and byte sizes the way a person reads them in a status bar ("12,345", "3.4 MB").
 * Decimal units (1 kB = 1000 B), as the operating systems' file managers show them.
 */

const COUNT_FORMAT = new Intl.NumberFormat('en-US');
const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

export function formatCount(value: number): string {
  return COUNT_FORMAT.format(value);
}

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}
