import { join } from 'node:path';
import { RetroError } from '../errors.js';
import { ID_PATTERNS, newJobId } from '../ids.js';
import { redactDeep, redactText } from '../redact/index.js';
import { recordOwnThread } from '../sessions/own-threads.js';
import { backfillOwnTurns, readOwnTurns, recordOwnTurn } from '../sessions/own-turns.js';
import { failedOutcome, type Outcome, type StopReason, stoppedOutcome } from './outcome.js';
import {
  appendEvent,
  claimJob,
  isClaimedByLiveProcess,
  readEventTail,
  readRecord,
  readRecords,
  releaseJob,
  writeRecord,
} from './store.js';
import {
  type JobContext,
  type JobRecord,
  type JobRegistry,
  type JobSpec,
  TERMINAL_STATUSES,
} from './types.js';

const DEFAULT_CONCURRENCY = 2;
const DEFAULT_TIMEOUT_MS = 30 * 60_000;
const DEFAULT_TAIL = 200;
/** A stopped run gets this long to settle before its slot is taken back regardless. */
const STOP_GRACE_MS = 10_000;

interface Entry {
  record: JobRecord;
  spec?: JobSpec;
  controller?: AbortController;
  stopReason?: StopReason;
  timers: NodeJS.Timeout[];
  waiters: ((record: JobRecord) => void)[];
  ownThreads: Set<string>;
}

type Listener = (event: Record<string, unknown>) => void;

/**
 * Runs jobs (headless Codex runs) at most `concurrency` at a time, each with a timeout and a cancel, and keeps
 * every job's record and event log under `runsDir`. Jobs left `queued`/`running` by an earlier process are
 * marked `interrupted` when the registry is created.
 */
export function createJobRegistry(options: {
  runsDir: string;
  concurrency?: number;
  stateDir?: string;
}): JobRegistry {
  const { runsDir, stateDir } = options;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const entries = new Map<string, Entry>();
  const listeners = new Map<string, Set<Listener>>();
  const queue: Entry[] = [];
  let running = 0;

  const now = (): string => new Date().toISOString();

  function emit(entry: Entry, event: Record<string, unknown>): void {
    const stamped = { ts: now(), ...event };
    try {
      appendEvent(runsDir, entry.record.job_id, stamped);
    } catch (error) {
      notify(entry, { ts: stamped.ts, type: 'job.log_failed', message: (error as Error).message });
    }
    notify(entry, stamped);
  }

  function notify(entry: Entry, event: Record<string, unknown>): void {
    for (const listener of listeners.get(entry.record.job_id) ?? []) {
      try {
        listener(event);
      } catch {
        // A listener that throws (a closed stream) must not stop the job or the other listeners.
      }
    }
  }

  function persist(entry: Entry): void {
    try {
      writeRecord(runsDir, entry.record);
    } catch (error) {
      notify(entry, { ts: now(), type: 'job.persist_failed', message: (error as Error).message });
    }
  }

  function setStatus(entry: Entry, patch: Partial<JobRecord>): void {
    Object.assign(entry.record, patch);
    persist(entry);
    const { status, error } = entry.record;
    emit(entry, { type: 'job.status', status, ...(error ? { error } : {}) });
  }

  function settle(entry: Entry, outcome: Outcome): void {
    if (TERMINAL_STATUSES.has(entry.record.status)) return;
    for (const timer of entry.timers) clearTimeout(timer);
    const wasRunning = entry.record.status === 'running';
    setStatus(entry, {
      status: outcome.status,
      finished_at: now(),
      error: outcome.error,
      result: outcome.result,
      exit_status: entry.record.exit_status ?? outcome.exitStatus,
    });
    releaseOwnership(entry);
    for (const resolve of entry.waiters.splice(0)) resolve(structuredClone(entry.record));
    if (wasRunning) {
      running--;
      pump();
    }
  }

  function releaseOwnership(entry: Entry): void {
    try {
      releaseJob(runsDir, entry.record.job_id);
    } catch (error) {
      notify(entry, { ts: now(), type: 'job.persist_failed', message: (error as Error).message });
    }
  }

  function timeoutOf(entry: Entry): number {
    return entry.spec?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  function stop(entry: Entry, reason: StopReason): void {
    if (entry.stopReason) return;
    entry.stopReason = reason;
    entry.controller?.abort(stoppedOutcome(reason, timeoutOf(entry)).error?.message);
    entry.timers.push(
      setTimeout(() => settle(entry, stoppedOutcome(reason, timeoutOf(entry))), STOP_GRACE_MS),
    );
  }

  function rememberThread(entry: Entry, threadId: string): void {
    // A resumed session is the person's own; only threads this job created are hidden from listings.
    if (!stateDir || threadId === entry.record.session_id || entry.ownThreads.has(threadId)) return;
    entry.ownThreads.add(threadId);
    recordOwnThread(stateDir, threadId, { job_id: entry.record.job_id, kind: entry.record.kind }).catch(
      (error: unknown) =>
        emit(entry, {
          type: 'job.warning',
          message: `Could not record thread ${threadId}: ${(error as Error).message}`,
        }),
    );
  }

  /** A resumed person's session: the prompt codex-retro adds is recorded before Codex writes it. */
  async function notePrompt(entry: Entry, step: { mode: string; sessionId?: string; prompt: string }) {
    const session = entry.record.session_id;
    if (!stateDir || step.mode !== 'resume' || !session || step.sessionId !== session) return;
    try {
      await recordOwnTurn(stateDir, {
        session_id: session,
        job_id: entry.record.job_id,
        kind: entry.record.kind,
        prompt: step.prompt,
        sent_at: now(),
      });
    } catch (error) {
      emit(entry, {
        type: 'job.warning',
        message: `Could not record the resumed turn as codex-retro's: ${(error as Error).message}`,
      });
    }
  }

  function contextFor(entry: Entry, signal: AbortSignal): JobContext {
    return {
      jobId: entry.record.job_id,
      signal,
      notePrompt: (step) => notePrompt(entry, step),
      log: (event) => emit(entry, redactDeep(event)),
      update: (patch) => {
        if (patch.codex_thread_id !== undefined) {
          entry.record.codex_thread_id = patch.codex_thread_id;
          if (patch.codex_thread_id) rememberThread(entry, patch.codex_thread_id);
        }
        if (patch.command !== undefined) entry.record.command = patch.command;
        if (patch.prompts !== undefined) entry.record.prompts = patch.prompts.map(redactText);
        if (patch.exit_status !== undefined) entry.record.exit_status = patch.exit_status;
        if (patch.codex_reported !== undefined) entry.record.codex_reported = patch.codex_reported;
        persist(entry);
      },
    };
  }

  function start(entry: Entry): void {
    const spec = entry.spec as JobSpec;
    running++;
    const controller = new AbortController();
    entry.controller = controller;
    setStatus(entry, { status: 'running', started_at: now() });
    entry.timers.push(setTimeout(() => stop(entry, 'timeout'), timeoutOf(entry)));
    Promise.resolve()
      .then(() => spec.run(contextFor(entry, controller.signal)))
      .then(
        (result) =>
          entry.stopReason
            ? stoppedOutcome(entry.stopReason, timeoutOf(entry))
            : ({
                status: 'succeeded',
                error: null,
                result: redactDeep(result),
                exitStatus: null,
              } satisfies Outcome),
        (error: unknown) =>
          entry.stopReason ? stoppedOutcome(entry.stopReason, timeoutOf(entry)) : failedOutcome(error),
      )
      .then((outcome) => settle(entry, outcome));
  }

  function pump(): void {
    while (running < concurrency && queue.length > 0) start(queue.shift() as Entry);
  }

  function newEntry(record: JobRecord, spec?: JobSpec): Entry {
    return { record, spec, timers: [], waiters: [], ownThreads: new Set() };
  }

  function find(jobId: string): Entry | undefined {
    if (!ID_PATTERNS.job.test(jobId)) return undefined;
    const known = entries.get(jobId);
    if (known?.spec || (known && TERMINAL_STATUSES.has(known.record.status))) return known;
    // Another process's job (or one written since): its record on disk is the current one.
    const found = readRecord(runsDir, jobId);
    if (!found) return known;
    if (known) {
      known.record = found;
      return known;
    }
    const entry = newEntry(found);
    entries.set(jobId, entry);
    return entry;
  }

  const loaded = readRecords(runsDir);
  for (const record of loaded.records) {
    const entry = newEntry(record);
    entries.set(record.job_id, entry);
    // Jobs of another codex-retro process still running (serve and a CLI run side by side) are its own.
    if (!TERMINAL_STATUSES.has(record.status) && !isClaimedByLiveProcess(runsDir, record.job_id)) {
      releaseOwnership(entry);
      setStatus(entry, {
        status: 'interrupted',
        finished_at: now(),
        error: {
          code: 'interrupted',
          message:
            'codex-retro restarted while this job was queued or running, so it was stopped. Run it again.',
        },
      });
    }
  }

  if (stateDir) {
    const problem = backfillResumedTurns(stateDir, loaded.records);
    if (problem) loaded.unreadable.push({ file: join(stateDir, 'own-turns.jsonl'), problem });
  }

  return {
    unreadable: loaded.unreadable,

    submit(spec) {
      if (typeof spec.kind !== 'string' || spec.kind === '' || typeof spec.run !== 'function') {
        throw new RetroError('invalid_job', 'A job needs a kind and a run function.', { status: 500 });
      }
      const record: JobRecord = {
        job_id: newJobId(),
        kind: spec.kind,
        status: 'queued',
        session_id: spec.session_id ?? null,
        mode: spec.mode ?? null,
        prompts: spec.prompts.map(redactText),
        model: spec.model ?? null,
        sandbox: spec.sandbox ?? null,
        approval: spec.approval ?? null,
        config: redactDeep(spec.config ?? {}),
        command: null,
        codex_reported: null,
        codex_thread_id: null,
        created_at: now(),
        started_at: null,
        finished_at: null,
        exit_status: null,
        error: null,
        result: null,
      };
      const entry = newEntry(record, spec);
      entries.set(record.job_id, entry);
      claimJob(runsDir, record.job_id);
      setStatus(entry, {});
      queue.push(entry);
      pump();
      return structuredClone(entry.record);
    },

    get(jobId, getOptions) {
      const entry = find(jobId);
      if (!entry) return null;
      const events = readEventTail(runsDir, jobId, getOptions?.tail ?? DEFAULT_TAIL);
      return { ...structuredClone(entry.record), events };
    },

    subscribe(jobId, listener) {
      const set = listeners.get(jobId) ?? new Set<Listener>();
      listeners.set(jobId, set);
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(jobId);
      };
    },

    wait(jobId) {
      const entry = find(jobId);
      if (!entry) {
        return Promise.reject(
          new RetroError('job_not_found', `No job ${jobId.slice(0, 80)}; check the job id.`, { status: 404 }),
        );
      }
      if (TERMINAL_STATUSES.has(entry.record.status)) return Promise.resolve(structuredClone(entry.record));
      return new Promise((resolve) => entry.waiters.push(resolve));
    },

    cancel(jobId) {
      const entry = find(jobId);
      // Only jobs this process runs can be stopped from here.
      if (!entry?.spec || TERMINAL_STATUSES.has(entry.record.status)) return false;
      if (entry.record.status === 'queued') {
        const position = queue.indexOf(entry);
        if (position >= 0) queue.splice(position, 1);
        settle(entry, stoppedOutcome('cancel', timeoutOf(entry)));
        return true;
      }
      stop(entry, 'cancel');
      return true;
    },

    list() {
      return [...entries.values()]
        .map((entry) => structuredClone(entry.record))
        .sort((a, b) => (a.job_id < b.job_id ? 1 : a.job_id > b.job_id ? -1 : 0));
    },
  };
}

/**
 * Runs that resumed a person's session before codex-retro recorded its turns: their run records say the
 * session, when the run started and the prompt it sent, which is what marks the turn as codex-retro's.
 */
function backfillResumedTurns(stateDir: string, records: JobRecord[]): string | null {
  try {
    const known = new Set<string>();
    for (const turns of readOwnTurns(stateDir).turns.values())
      for (const turn of turns) known.add(turn.job_id);
    const missing = records.flatMap((record) => {
      const prompt = record.prompts[0];
      if (record.mode !== 'resume' || !record.session_id || !record.started_at || !prompt) return [];
      if (known.has(record.job_id) || !ID_PATTERNS.session.test(record.session_id)) return [];
      return [
        {
          session_id: record.session_id,
          job_id: record.job_id,
          kind: record.kind,
          prompt,
          sent_at: record.started_at,
          backfilled: true,
        },
      ];
    });
    backfillOwnTurns(stateDir, missing);
    return null;
  } catch (error) {
    // Those turns stay unmarked, as they were; the registry reports the file like an unreadable record.
    return `Resumed turns of earlier runs could not be recorded: ${(error as Error).message}`;
  }
}
