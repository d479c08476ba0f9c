#!/usr/bin/env node
// Compares codex-retro's per-session tokens and USD cost with ccusage's over the fixture Codex homes.
//
//   node scripts/compare-ccusage.mjs [CODEX_HOME…]
//
// Not part of the test suite (it downloads ccusage): it installs ccusage@20.0.24 into a temporary prefix,
// runs `ccusage codex session --json --offline` and `codex-retro sessions list --json` on each home, and
// prints every session where the two differ, with the reason when it is one README explains. Costs are compared
// wherever both price every model of the session, and must agree within 1%. It exits 1 when a difference has no
// known reason. Needs a build (`npm run build:server`). CCUSAGE_BIN=path uses an installed ccusage instead.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CCUSAGE = 'ccusage@20.0.24';
const HOMES = [
  'test/fixtures/codex-sessions/0.40.0',
  'test/fixtures/codex-sessions/0.169.0',
  'test/fixtures/codex-sessions/0.171.0',
  'test/fixtures/codex-homes/shapes',
  'test/fixtures/codex-homes/cost',
];
/** Costs agree when they differ by no more than this share of the larger. */
const COST_TOLERANCE = 0.01;

function installCcusage(prefix) {
  execFileSync(
    'npm',
    ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', CCUSAGE],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  // The native binary is in a platform package; the registry may serve it without its run bit.
  const bin = join(
    prefix,
    'node_modules',
    '@ccusage',
    `ccusage-${process.platform}-${process.arch}`,
    'bin',
    'ccusage',
  );
  if (!existsSync(bin)) throw new Error(`ccusage installed, but no native binary at ${bin}`);
  chmodSync(bin, 0o755);
  return bin;
}

function ccusageSessions(bin, home) {
  const out = execFileSync(bin, ['codex', 'session', '--json', '--offline'], {
    env: { ...process.env, CODEX_HOME: home },
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  const byId = new Map();
  for (const session of JSON.parse(out).sessions ?? []) {
    const id = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(
      session.sessionFile,
    )?.[1];
    if (!id) continue;
    // ccusage's input excludes cached input; codex-retro's (like Codex's) includes it.
    byId.set(id, {
      input: session.inputTokens + session.cacheReadTokens,
      cached_input: session.cacheReadTokens,
      output: session.outputTokens,
      reasoning: session.reasoningOutputTokens,
      total: session.totalTokens,
      usd: session.costUSD,
      // ccusage prices a model it lacks at 0 and flags it; a session with one has no whole cost to compare.
      wholeCost: Object.values(session.models ?? {}).every((model) => !model.missingPricing),
    });
  }
  return byId;
}

function retroSessions(home, scratch) {
  const out = execFileSync(
    process.execPath,
    [join(ROOT, 'bin/codex-retro.js'), 'sessions', 'list', '--json', '--include-subagents', '--include-own'],
    {
      env: {
        ...process.env,
        CODEX_HOME: home,
        CODEX_RETRO_CACHE_DIR: join(scratch, 'cache'),
        CODEX_RETRO_STATE_DIR: join(scratch, 'state'),
      },
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    },
  );
  return new Map(JSON.parse(out).map((session) => [session.id, session]));
}

/** Why the two counts differ, when it is a difference README explains; null when it is not. */
function explain(ours, theirs) {
  if (ours.forked_from_id && theirs.total > ours.tokens.total) {
    return 'fork: ccusage also counts the token_count events the file copied from its parent (unless it saw them in the parent first)';
  }
  return null;
}

const FIELDS = ['input', 'cached_input', 'output', 'reasoning', 'total'];

/** Why the two costs differ, when it is a difference README explains; null when it is not. */
function explainCost(ours, theirs) {
  const tokens = FIELDS.some((field) => ours.tokens[field] !== theirs[field]) ? explain(ours, theirs) : null;
  if (tokens) return `the tokens differ: ${tokens}`;
  const prefixed = ours.cost.by_model.filter((row) => row.match === 'provider').map((row) => row.model);
  if (prefixed.length > 0)
    return `${prefixed.join(', ')}: ccusage prices a provider-prefixed name as the longest list entry containing it (another, cheaper model); codex-retro as the name without its prefix`;
  return null;
}

/** `null` when the two costs cannot be compared (a model one of them cannot price), else how far apart they are. */
function costGap(ours, theirs) {
  if (ours.cost.priced !== true || !theirs.wholeCost || typeof theirs.usd !== 'number') return null;
  const larger = Math.max(Math.abs(ours.cost.usd), Math.abs(theirs.usd));
  return larger === 0 ? 0 : Math.abs(ours.cost.usd - theirs.usd) / larger;
}

function main() {
  const homes = (process.argv.length > 2 ? process.argv.slice(2) : HOMES).map((home) => resolve(ROOT, home));
  if (!existsSync(join(ROOT, 'dist/cli.js'))) throw new Error('Build first: npm run build:server');
  const scratch = mkdtempSync(join(tmpdir(), 'compare-ccusage-'));
  let unexplained = 0;
  try {
    const bin = process.env.CCUSAGE_BIN || installCcusage(join(scratch, 'ccusage'));
    for (const home of homes) {
      const theirs = ccusageSessions(bin, home);
      const ours = retroSessions(home, join(scratch, String(homes.indexOf(home))));
      let same = 0;
      let priced = 0;
      let within = 0;
      let worst = 0;
      const lines = [];
      for (const [id, session] of ours) {
        const other = theirs.get(id);
        if (!other) {
          if (session.tokens.total > 0)
            lines.push(`  ${id}  only codex-retro counts it: ${session.tokens.total}`);
          else same++;
          continue;
        }
        const gap = costGap(session, other);
        if (gap !== null) {
          priced++;
          if (gap <= COST_TOLERANCE) {
            within++;
            worst = Math.max(worst, gap);
          }
          if (gap > COST_TOLERANCE) {
            const reason = explainCost(session, other);
            if (!reason) unexplained++;
            lines.push(
              `  ${id}  cost $${session.cost.usd.toFixed(6)} vs $${other.usd.toFixed(6)} (${(gap * 100).toFixed(2)}% apart, codex-retro vs ccusage)\n      ${reason ?? 'NO KNOWN REASON'}`,
            );
          }
        }
        const differs = FIELDS.filter((field) => session.tokens[field] !== other[field]);
        if (differs.length === 0) {
          same++;
          continue;
        }
        const reason = explain(session, other);
        if (!reason) unexplained++;
        const detail = differs.map((f) => `${f} ${session.tokens[f]} vs ${other[f]}`).join(', ');
        lines.push(`  ${id}  ${detail} (codex-retro vs ccusage)\n      ${reason ?? 'NO KNOWN REASON'}`);
      }
      for (const id of theirs.keys()) if (!ours.has(id)) lines.push(`  ${id}  only ccusage lists it`);
      console.log(
        `${home}: ${ours.size} sessions, ${same} agree on tokens; ${priced} priced by both, ${within} of them within 1% (largest gap ${(worst * 100).toFixed(4)}%)`,
      );
      for (const line of lines) console.log(line);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (unexplained > 0) {
    console.log(`${unexplained} difference(s) without a known reason`);
    process.exitCode = 1;
  }
}

main();
