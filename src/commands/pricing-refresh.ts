import { resolveStateDir } from '../config.js';
import { loadPriceTable } from '../pricing/price-table.js';
import { refreshPrices } from '../pricing/refresh.js';
import type { Command } from './command.js';
import { terminalText } from './terminal-text.js';

/** `pricing refresh`: the one command that reads prices from the network, and only from where it is told. */
export const pricingRefreshCommand: Command = {
  async run({ values }, io) {
    const stateDir = resolveStateDir(io.env);
    const result = await refreshPrices({
      from: values.from as string | undefined,
      stateDir,
      cwd: io.cwd,
      now: new Date(),
      previous: loadPriceTable(stateDir).table,
    });
    if (values.json) {
      io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const list = (names: string[]) =>
      names.length > 8 ? `${names.slice(0, 8).join(', ')}, …` : names.join(', ');
    const lines = [
      `Prices of ${result.models} models from ${result.source.url}, dated ${result.source.date}, written to ${result.file}.`,
    ];
    if (result.added.length > 0) lines.push(`  new: ${list(result.added)}`);
    if (result.removed.length > 0) lines.push(`  gone: ${list(result.removed)}`);
    if (result.changed.length > 0) lines.push(`  new rates: ${list(result.changed)}`);
    if (lines.length === 1) lines.push('  No rates changed.');
    io.stdout.write(`${terminalText(lines.join('\n'))}\n`);
    return 0;
  },
};
