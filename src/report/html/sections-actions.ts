import type { RepeatedSuggestion } from '../guidance-repeats.js';
import type { Insights } from '../writer-contract.js';
import { html, type SafeHtml } from './escape.js';
import { renderCopyable, renderEvidence, renderParagraph, renderSection } from './parts.js';

/** The sections to act on: prompting help, AGENTS.md suggestions, features, priority fixes, the horizon. */

export function renderPromptingHelp(help: Insights['prompting_help'], nextId: () => string): SafeHtml {
  const cards = help.prompts.map(
    (item) => html`<div class="card"><h3>${item.situation}</h3>${renderCopyable(nextId(), item.prompt)}
${renderParagraph(item.why_it_helps, 'muted')}${renderEvidence(item.evidence)}</div>`,
  );
  const body =
    cards.length > 0
      ? html`<div class="cards">${cards}</div>`
      : html`<p class="empty">No prompt to suggest: ${help.why_none.trim() || 'the evidence is too thin.'}</p>`;
  return renderSection(
    'prompting-help',
    'Prompts in plain words',
    html`${renderParagraph(help.intro)}${body}`,
  );
}

type Addition = Insights['suggestions']['agents_md_additions'][number];

function renderRepeated(repeated: RepeatedSuggestion[]): SafeHtml | null {
  if (repeated.length === 0) return null;
  return html`<div class="repeated"><h3>Left out: your guidance already says this</h3><ul>${repeated.map(
    (item) =>
      html`<li><q>${item.addition}</q> <span class="muted">— already in ${item.source}: <q>${item.already}</q></span></li>`,
  )}</ul></div>`;
}

/** The additions that say something new, ready to copy; those the guidance already says, listed apart. */
export function renderAgentsMdSuggestions(
  suggestions: Insights['suggestions'],
  split: { kept: Addition[]; repeated: RepeatedSuggestion[] },
  nextId: () => string,
): SafeHtml {
  const items = split.kept.map((item) => {
    const id = nextId();
    return html`<div class="suggestion card"><input type="checkbox" checked data-suggestion="${id}" aria-label="Include this suggestion">
<div>${renderCopyable(id, item.addition)}<p><strong>Why:</strong> ${item.why}</p>${item.placement.trim() ? html`<p class="muted">Where: ${item.placement}</p>` : null}${renderEvidence(item.evidence)}</div></div>`;
  });
  const none =
    split.repeated.length > 0
      ? 'Every addition Codex suggested is something your guidance already says (listed below).'
      : `Nothing to add: ${suggestions.agents_md_why_none.trim() || 'the evidence is too thin.'}`;
  const body =
    items.length > 0
      ? html`<div class="toolbar"><button type="button" data-copy="checked">Copy all checked</button></div>${items}`
      : html`<p class="empty">${none}</p>`;
  return renderSection(
    'agents-md',
    'Suggested AGENTS.md additions',
    html`${body}${renderRepeated(split.repeated)}`,
  );
}

export function renderFeatures(suggestions: Insights['suggestions'], nextId: () => string): SafeHtml {
  const features = suggestions.features_to_try.map(
    (item) => html`<div class="card"><h3>${item.feature}</h3>${renderParagraph(item.one_liner)}
<p><strong>Why for you:</strong> ${item.why_for_you}</p>${item.example.trim() ? renderCopyable(nextId(), item.example) : null}</div>`,
  );
  const patterns = suggestions.usage_patterns.map(
    (item) => html`<div class="card"><h3>${item.title}</h3>${renderParagraph(item.suggestion)}
${item.copyable_prompt.trim() ? renderCopyable(nextId(), item.copyable_prompt) : null}${renderEvidence(item.evidence)}</div>`,
  );
  return renderSection(
    'features',
    'Codex features to try',
    html`<div class="cards">${features}</div>${patterns.length > 0 ? html`<h3>Ways of working to try</h3><div class="cards">${patterns}</div>` : null}`,
  );
}

const PRIORITY_ORDER = { high: 0, medium: 1, low: 2 } as const;

export function renderPriorityFixes(fixes: Insights['actionable_fixes']): SafeHtml {
  const sorted = [...fixes.fixes].sort((a, b) => PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority]);
  const cards = sorted.map(
    (
      fix,
    ) => html`<div class="card"><h3><span class="priority ${fix.priority}">${fix.priority}</span> ${fix.title}</h3>
<p><strong>Problem:</strong> ${fix.problem}</p><p><strong>Fix:</strong> ${fix.fix}</p>${renderEvidence(fix.evidence)}</div>`,
  );
  return renderSection('priority-fixes', 'Priority fixes', html`<div class="cards">${cards}</div>`);
}

export function renderHorizon(horizon: Insights['on_the_horizon'], nextId: () => string): SafeHtml {
  const cards = horizon.opportunities.map(
    (item) => html`<div class="card"><h3>${item.title}</h3>${renderParagraph(item.whats_possible)}
<p><strong>How to try:</strong> ${item.how_to_try}</p>${item.copyable_prompt.trim() ? renderCopyable(nextId(), item.copyable_prompt) : null}</div>`,
  );
  return renderSection(
    'on-the-horizon',
    'On the horizon',
    html`${renderParagraph(horizon.intro)}<div class="cards">${cards}</div>`,
  );
}
