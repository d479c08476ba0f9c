/** Prints the rounds of one store: medians over the rounds with their range, ratios taken within a round. */
import { availableParallelism } from 'node:os';
import { largeScanThreads } from '../src/sessions/scan/scan-threads.js';
import type { ChildFigures, Round, StoreUnderTest } from './measure.js';
import type { SearchFigure } from './search-figures.js';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
const x = (n: number) => `${n.toFixed(3)}x`;

/** Median over the values, and the range when there are several. */
function each(values: number[], show: (n: number) => string): string {
  const range = values.length > 1 ? ` (${show(Math.min(...values))}–${show(Math.max(...values))})` : '';
  return `${show(median(values))}${range}`;
}

/** Prints the index and peer figures; true when an index lost sessions (the run then fails). */
export function printRounds(rounds: Round[], files: number, store: StoreUnderTest): boolean {
  const pick = (f: (r: Round) => number) => rounds.map(f);
  const ratio = (f: (r: Round) => number) =>
    each(
      pick((r) => f(r) / r.baseline.ms),
      x,
    );
  const cpuRatio = (f: (r: Round) => number) =>
    each(
      pick((r) => f(r) / r.baseline.cpuMs),
      x,
    );
  const peak = (f: (r: Round) => ChildFigures) => mb(Math.max(...rounds.map((r) => f(r).maxRssBytes)));
  const last = rounds[rounds.length - 1] as Round;
  const planted = rounds.every((r) => r.warm.plantedFirst === 1) ? 'is' : 'is NOT';
  console.log(
    `${rounds.length} rounds, each figure measured once per round, back to back; ratios are taken within a round, ` +
      'then the median (min–max) over the rounds is shown',
  );
  console.log(
    `baseline  readline + JSON.parse every line:  ${each(
      pick((r) => r.baseline.ms),
      s,
    )}, CPU ${each(
      pick((r) => r.baseline.cpuMs),
      s,
    )} (${last.baseline.lines} lines)`,
  );
  console.log(`floor     read every byte, find newlines:    ${ratio((r) => r.floorMs)} baseline`);
  console.log(
    `parser    scanRollout, one thread, no cache: ${ratio((r) => r.parse.ms)} baseline, CPU ${cpuRatio((r) => r.parse.cpuMs)}, ${last.parse.docs} docs`,
  );
  console.log(
    `cold      index from nothing, one thread:    ${ratio((r) => r.coldOneThread.ms)} baseline = ${each(
      pick((r) => r.coldOneThread.ms),
      s,
    )}, CPU ${cpuRatio((r) => r.coldOneThread.cpuMs)}, peak RSS ${peak((r) => r.coldOneThread)}, ${last.coldOneThread.sessions} sessions`,
  );
  console.log(
    `cold      index from nothing, all threads:   ${ratio((r) => r.cold.ms)} baseline = ${each(
      pick((r) => r.cold.ms),
      s,
    )}, CPU ${cpuRatio((r) => r.cold.cpuMs)}, peak RSS ${peak((r) => r.cold)}, ${last.cold.sessions} sessions`,
  );
  const threads = largeScanThreads(availableParallelism());
  console.log(
    `          (threads on this machine: this one parsing, ${threads.workers} parsing beside it, ${threads.readAhead ? 'one' : 'none'} reading ahead, ${threads.writerThread ? 'one' : 'none'} saving to SQLite)`,
  );
  const fraction = (n: number) => `1/${n.toFixed(0)}`;
  console.log(
    `warm      store.list, nothing changed:       ${each(
      pick((r) => r.warm.ms),
      s,
    )} = ${each(
      pick((r) => r.cold.ms / r.warm.ms),
      fraction,
    )} of cold, ${Math.max(...rounds.map((r) => r.warm.scans ?? -1))} rollouts read, ${last.warm.sessions} sessions`,
  );
  console.log(
    `search    store.list "${store.rareWord}":    ${each(
      pick((r) => r.warm.searchMs ?? 0),
      s,
    )}, ${last.warm.matches} match(es), top ${planted} the planted session, ${Math.max(...rounds.map((r) => r.warm.searchScans ?? -1))} rollouts indexed again (every rollout the index did not hit is read for the text)`,
  );
  const cliRss = (f: (r: Round) => { maxRssBytes: number | null }) =>
    mb(Math.max(...rounds.map((r) => f(r).maxRssBytes ?? 0)));
  console.log(
    `CLI       sessions list --json, cold:        ${each(
      pick((r) => r.coldCli.ms),
      s,
    )} incl. node start = ${ratio((r) => r.coldCli.ms)} baseline, peak RSS ${cliRss((r) => r.coldCli)}, ${last.coldCli.sessions} sessions`,
  );
  console.log(
    `CLI       sessions list --json, warm:        ${each(
      pick((r) => r.warmCli.ms),
      s,
    )} incl. node start, peak RSS ${cliRss((r) => r.warmCli)}, ${last.warmCli.sessions} sessions`,
  );
  const withCcusage = rounds.filter((r) => r.ccusage !== null && r.ccusage.sessions >= 0);
  if (withCcusage.length === rounds.length) {
    const cc = (f: (r: Round) => number) => each(rounds.map(f), x);
    const ccMs = (r: Round) => (r.ccusage as { ms: number }).ms;
    console.log(
      `ccusage   codex session --json --offline:    ${each(pick(ccMs), s)}, peak RSS ${cliRss((r) => r.ccusage!)}, ${last.ccusage!.sessions} sessions`,
    );
    console.log(
      `          our cold CLI list / ccusage:       ${cc((r) => r.coldCli.ms / ccMs(r))} (target ≤ 1.0x)`,
    );
    console.log(
      `          our warm CLI list / ccusage:       ${cc((r) => r.warmCli.ms / ccMs(r))} (target ≤ 0.1x)`,
    );
  } else {
    console.log('ccusage   not measured in every round (see above)');
  }
  const listed = rounds.flatMap((r) => [
    r.coldOneThread.sessions,
    r.cold.sessions,
    r.warm.sessions,
    r.coldCli.sessions,
    r.warmCli.sessions,
  ]);
  if (listed.some((count) => count !== files)) {
    console.error(`FAILED: an index did not list all ${files} rollouts (see the session counts above)`);
    return true;
  }
  return false;
}

/** Prints recall and time against grep; true when a literal query missed a session grep found. */
export function printSearches(figures: SearchFigure[]): boolean {
  console.log(
    'search    against grep -rlF (every spelling), same files, page cache warm, warm index; ours = the CLI, node start incl.',
  );
  let failed = false;
  for (const f of figures) {
    const ratio = each(
      f.oursMs.map((ms, i) => ms / (f.grepMs[i] as number)),
      x,
    );
    const timing = `ours ${each(f.oursMs, s)}, grep ${each(f.grepMs, s)}, ours/grep ${ratio}, peak RSS ${mb(f.oursRss ?? 0)}`;
    const query = JSON.stringify(f.query.text);
    if (f.query.secret) {
      const ok = f.found === 0 ? 'none, as it must' : `${f.found}: WRONG, the text is inside a key`;
      console.log(`  ${query} (${f.query.label}): grep ${f.grepSessions} sessions, found ${ok}; ${timing}`);
      failed ||= f.found !== 0;
      continue;
    }
    const recall = f.grepSessions === 0 ? 'n/a' : `${((f.recalled / f.grepSessions) * 100).toFixed(1)}%`;
    console.log(
      `  ${query} (${f.query.label}): grep ${f.grepSessions} sessions, found ${f.found} (recall ${recall} = ${f.recalled}/${f.grepSessions}, ${f.extra} more from the index's word match); ${timing}`,
    );
    failed ||= f.recalled !== f.grepSessions;
  }
  return failed;
}
