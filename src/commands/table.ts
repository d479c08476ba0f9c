import stringWidth from 'string-width';
import type { CommandIo } from './command.js';

/** One column of a terminal table. */
export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** Never wider than this. */
  max?: number;
  /** May be cut down to this when the table is too wide; without it the column is never cut. */
  min?: number;
  /** Left out when the table cannot fit otherwise, the lowest first; without it the column always shows. */
  drop?: number;
}

/**
 * The columns a table may use: the terminal's width, else `$COLUMNS`, else no limit (output to a file or a
 * pipe keeps whole cells up to each column's `max`).
 */
export function terminalWidth(io: CommandIo): number {
  if (io.stdout.isTTY && io.stdout.columns) return io.stdout.columns;
  const fromEnv = Number(io.env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Number.POSITIVE_INFINITY;
}

const GAP = 2;

/**
 * Rows of cells (already safe for a terminal) as aligned lines no wider than `width`, measured in terminal
 * columns: a CJK character or an emoji takes two. Cut columns end in `…`; columns that cannot fit are left out.
 */
export function formatTable(columns: Column[], rows: string[][], width: number): string[] {
  const natural = columns.map((column, i) =>
    Math.min(
      column.max ?? Number.POSITIVE_INFINITY,
      Math.max(stringWidth(column.header), ...rows.map((row) => stringWidth(row[i] ?? ''))),
    ),
  );
  const shown = columns.map((_, i) => i);
  let widths = fitWidths(columns, natural, shown, width);
  const droppable = shown
    .filter((i) => columns[i]!.drop !== undefined)
    .sort((a, b) => columns[a]!.drop! - columns[b]!.drop!);
  while (widths === null && droppable.length > 0) {
    shown.splice(shown.indexOf(droppable.shift()!), 1);
    widths = fitWidths(columns, natural, shown, width);
  }
  widths ??= fitWidths(columns, natural, shown, Number.POSITIVE_INFINITY, true)!;
  const line = (cells: string[]) =>
    shown
      .map((i, n) => {
        const cell = clipToWidth(cells[i] ?? '', widths![n]!);
        const pad = ' '.repeat(Math.max(0, widths![n]! - stringWidth(cell)));
        return columns[i]!.align === 'right' ? pad + cell : cell + pad;
      })
      .join(' '.repeat(GAP))
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)];
}

/**
 * Widths of the `shown` columns within `width`: the cuttable columns give up room one column at a time, the
 * one with the most to spare first, down to their `min`. Null when they cannot (or at their narrowest).
 */
function fitWidths(
  columns: Column[],
  natural: number[],
  shown: number[],
  width: number,
  narrowest = false,
): number[] | null {
  const widths = shown.map((i) => natural[i]!);
  let over = widths.reduce((sum, w) => sum + w, 0) + GAP * (shown.length - 1) - width;
  if (narrowest) over = Number.POSITIVE_INFINITY;
  while (over > 0) {
    let best = -1;
    let spare = 0;
    shown.forEach((i, n) => {
      const room = widths[n]! - (columns[i]!.min ?? widths[n]!);
      if (room > spare) [best, spare] = [n, room];
    });
    if (best < 0) return narrowest ? widths : null;
    widths[best]! -= 1;
    over -= 1;
  }
  return widths;
}

let segmenter: Intl.Segmenter | undefined;

/** `text` cut to `width` terminal columns, ending in `…` when cut; whole characters (graphemes) only. */
export function clipToWidth(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  if (width <= 0) return '';
  segmenter ??= new Intl.Segmenter();
  let out = '';
  let used = 0;
  for (const { segment } of segmenter.segment(text)) {
    const w = stringWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}
