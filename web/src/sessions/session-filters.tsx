import { type ReactNode, type RefObject, useEffect, useState } from 'react';
import type { SessionQuery } from '../api/types.js';

const DAY_CHOICES: { label: string; value: number | null }[] = [
  { label: 'Any time', value: null },
  { label: 'Last 24 hours', value: 1 },
  { label: 'Last 7 days', value: 7 },
  { label: 'Last 30 days', value: 30 },
  { label: 'Last 90 days', value: 90 },
  { label: 'Last year', value: 365 },
];

interface SessionFiltersProps {
  query: SessionQuery;
  onChange: (query: SessionQuery) => void;
  searchRef: RefObject<HTMLInputElement | null>;
  onSearchKey: (event: React.KeyboardEvent<HTMLInputElement>) => void;
  /** Working directories of the sessions seen so far, offered as suggestions. */
  projects: string[];
}

/** Search (server-side, debounced while typing) and the filters that narrow the list. */
export function SessionFilters({
  query,
  onChange,
  searchRef,
  onSearchKey,
  projects,
}: SessionFiltersProps): ReactNode {
  const [search, setSearch] = useState(query.search);
  const [project, setProject] = useState(query.project);

  useEffect(() => {
    if (search === query.search && project === query.project) return;
    const timer = window.setTimeout(() => onChange({ ...query, search, project }), 250);
    return () => window.clearTimeout(timer);
  }, [search, project, query, onChange]);

  return (
    <search className="filters" aria-label="Find sessions">
      <input
        ref={searchRef}
        type="search"
        className="search"
        placeholder="Search prompts, replies, tools… ( / )"
        aria-label="Search sessions"
        aria-keyshortcuts="/"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        onKeyDown={onSearchKey}
      />
      <div className="filter-row">
        <input
          type="text"
          className="project"
          placeholder="Project directory"
          aria-label="Filter by project directory"
          list="project-suggestions"
          value={project}
          onChange={(event) => setProject(event.target.value)}
        />
        <datalist id="project-suggestions">
          {projects.map((dir) => (
            <option key={dir} value={dir} />
          ))}
        </datalist>
        <select
          aria-label="Time range"
          value={query.days === null ? '' : String(query.days)}
          onChange={(event) =>
            onChange({ ...query, days: event.target.value === '' ? null : Number(event.target.value) })
          }
        >
          {DAY_CHOICES.map((choice) => (
            <option key={choice.label} value={choice.value === null ? '' : String(choice.value)}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
      <div className="filter-row checks">
        <label>
          <input
            type="checkbox"
            checked={query.archived}
            onChange={(event) => onChange({ ...query, archived: event.target.checked })}
          />{' '}
          Include archived
        </label>
        <label>
          <input
            type="checkbox"
            checked={!query.includeOwn}
            onChange={(event) => onChange({ ...query, includeOwn: !event.target.checked })}
          />{' '}
          Hide codex-retro runs
        </label>
        <label title="Subagents are always listed in the transcript of the session that spawned them">
          <input
            type="checkbox"
            checked={query.includeSubagents}
            onChange={(event) => onChange({ ...query, includeSubagents: event.target.checked })}
          />{' '}
          Show subagents
        </label>
      </div>
    </search>
  );
}
