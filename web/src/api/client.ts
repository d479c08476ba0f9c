import type {
  ChangedFile,
  InsightArtifact,
  InsightArtifactDetail,
  JobRecord,
  ProposalDetail,
  ProposalSummary,
  RunMode,
  SandboxMode,
  ServerStatus,
  SessionPage,
  SessionQuery,
  SessionRow,
  TranscriptPage,
} from './types.js';

/** An answer the server refused, carrying its stable `code` and its human message. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status: number) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

/** How Codex is asked to run; left out, the server's defaults (Codex config, read-only, never). */
interface RunRequestSettings {
  model?: string;
  sandbox?: SandboxMode;
  approval?: 'never';
}

/** Everything the UI reads or does goes through this one interface. */
export interface RetroApi {
  getStatus(): Promise<ServerStatus>;
  listSessions(
    query: SessionQuery,
    offset: number,
    limit: number,
    signal?: AbortSignal,
  ): Promise<SessionPage>;
  getTranscript(id: string, offset: number, limit: number, signal?: AbortSignal): Promise<TranscriptPage>;
  getDefaultInsightPrompt(): Promise<string>;
  runInsights(
    body: {
      session_id: string;
      prompt: string;
      /** Left out: the server picks (fork where Codex can continue the session, else digest). */
      mode?: RunMode;
    } & RunRequestSettings,
  ): Promise<{ job_id: string; insight_artifact_id: string }>;
  listInsights(sessionId: string): Promise<InsightArtifact[]>;
  getInsight(artifactId: string): Promise<InsightArtifactDetail>;
  getJob(jobId: string, tail: number): Promise<JobRecord>;
  jobEventsUrl(jobId: string): string;
  runProposal(
    body: {
      session_id: string;
      insight_artifact_id: string;
      /** Left out: the server picks (fork where Codex can continue the session, else digest). */
      mode?: RunMode;
      allow_subtree_agents?: boolean;
      allow_paths?: string[];
    } & Omit<RunRequestSettings, 'sandbox'>,
  ): Promise<{ job_id: string; proposal_id: string }>;
  listProposals(sessionId: string): Promise<ProposalSummary[]>;
  getProposal(proposalId: string): Promise<ProposalDetail>;
  applyProposal(proposalId: string): Promise<{ applied: true; files_changed: ChangedFile[] }>;
  revertProposal(proposalId: string): Promise<{ files_changed?: ChangedFile[] }>;
  cancelJob(jobId: string): Promise<{ cancelled: boolean }>;
}

async function readError(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`;
  let message = `The server answered ${response.status} ${response.statusText}.`;
  try {
    const body = (await response.json()) as { code?: unknown; message?: unknown };
    if (typeof body.code === 'string') code = body.code;
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // A body that is not JSON keeps the status line as the message.
  }
  if (response.status === 401 && code === `http_401`) {
    message =
      'This page is not signed in. Open the SERVE_URL that `codex-retro serve` printed (it carries the token).';
  }
  return new ApiError(code, message, response.status);
}

function sessionParams(query: SessionQuery, offset: number, limit: number): URLSearchParams {
  const params = new URLSearchParams();
  if (query.search.trim()) params.set('search', query.search.trim());
  if (query.project.trim()) params.set('project', query.project.trim());
  if (query.days !== null) params.set('days', String(query.days));
  params.set('archived', query.archived ? 'true' : 'false');
  params.set('include_own', query.includeOwn ? 'true' : 'false');
  params.set('include_subagents', query.includeSubagents ? 'true' : 'false');
  params.set('offset', String(offset));
  params.set('limit', String(limit));
  return params;
}

/** One page of a list endpoint: `{ items, total, limit, next }` (README, "Paging"). */
interface Page<T> {
  items: T[];
  total: number;
  next: string | null;
}

function readCount(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

/** The live API of `codex-retro serve`: same origin, authenticated by the cookie the page got. */
export function createHttpApi(base = ''): RetroApi {
  async function send(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(`${base}${path}`, {
      credentials: 'same-origin',
      ...init,
      headers: { Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
    });
    if (!response.ok) throw await readError(response);
    return response;
  }
  async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
    return (await (await send(path, signal ? { signal } : {})).json()) as T;
  }
  async function postJson<T>(path: string, body: unknown): Promise<T> {
    return (await (await send(path, { method: 'POST', body: JSON.stringify(body) })).json()) as T;
  }
  const enc = encodeURIComponent;
  /** Every item of a list, following `next` from page to page. */
  async function getAll<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const join = path.includes('?') ? '&' : '?';
      const page: Page<T> = await getJson(cursor ? `${path}${join}cursor=${enc(cursor)}` : path);
      items.push(...page.items);
      cursor = page.next;
    } while (cursor);
    return items;
  }

  return {
    getStatus: () => getJson('/codex/status'),
    async listSessions(query, offset, limit, signal) {
      const body = await getJson<Page<SessionRow> & { home_total?: unknown }>(
        `/codex/sessions?${sessionParams(query, offset, limit)}`,
        signal,
      );
      return { items: body.items, total: readCount(body.total), homeTotal: readCount(body.home_total) };
    },
    async getTranscript(id, offset, limit, signal) {
      const body = await getJson<Omit<TranscriptPage, 'offset' | 'total'> & { total?: unknown }>(
        `/codex/sessions/${enc(id)}?offset=${offset}&limit=${limit}`,
        signal,
      );
      return {
        id: body.id,
        metadata: body.metadata,
        continuation: body.continuation ?? null,
        messages: body.messages,
        turns: body.turns,
        offset,
        total: readCount(body.total),
      };
    },
    async getDefaultInsightPrompt() {
      const body = await getJson<{ prompt: string }>('/codex/insights/default-prompt');
      return body.prompt;
    },
    runInsights: (body) => postJson('/codex/insights/run', body),
    listInsights: (sessionId) => getAll(`/codex/insights/${enc(sessionId)}`),
    getInsight: (artifactId) => getJson(`/codex/insights/artifacts/${enc(artifactId)}`),
    getJob: (jobId, tail) => getJson(`/codex/jobs/${enc(jobId)}?tail=${tail}`),
    cancelJob: (jobId) => postJson(`/codex/jobs/${enc(jobId)}/cancel`, {}),
    jobEventsUrl: (jobId) => `${base}/codex/jobs/${enc(jobId)}/events`,
    runProposal: (body) => postJson('/codex/proposals/run', body),
    listProposals: (sessionId) => getAll(`/codex/proposals?session_id=${enc(sessionId)}`),
    getProposal: (proposalId) => getJson(`/codex/proposals/${enc(proposalId)}`),
    applyProposal: (proposalId) => postJson(`/codex/proposals/${enc(proposalId)}/apply`, { confirm: true }),
    revertProposal: (proposalId) => postJson(`/codex/proposals/${enc(proposalId)}/revert`, { confirm: true }),
  };
}
