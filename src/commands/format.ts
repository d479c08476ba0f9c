/** `2026-11-22 14:30` in the local time zone, as every table shows times; `-` for none or a bad one. */
export function formatLocalTime(value: Date | string | null | undefined): string {
  if (value === null || value === undefined) return '-';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '-';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
