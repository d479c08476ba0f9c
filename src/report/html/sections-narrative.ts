import type { Insights } from '../writer-contract.js';
import { html, type SafeHtml } from './escape.js';
import { renderEvidence, renderParagraph, renderSection } from './parts.js';

/** The sections that describe: at a glance, project areas, interaction style, what works, friction, fun ending. */

export function renderAtAGlance(glance: Insights['at_a_glance']): SafeHtml {
  const row = (label: string, text: string) =>
    text.trim() ? html`<p><strong>${label}:</strong> ${text}</p>` : null;
  return renderSection(
    'at-a-glance',
    'At a glance',
    html`<div class="glance">${renderParagraph(glance.summary)}${row('What’s working', glance.whats_working)}${row('What’s in the way', glance.whats_hindering)}${row('Quick wins', glance.quick_wins)}${row('Ambitious workflows to try', glance.ambitious_workflows)}</div>`,
  );
}

export function renderProjectAreas(areas: Insights['project_areas']): SafeHtml {
  const cards = areas.areas.map(
    (
      area,
    ) => html`<div class="card"><h3>${area.name} <span class="muted">· ${area.session_count} sessions</span></h3>
${renderParagraph(area.description)}${renderEvidence(area.evidence)}</div>`,
  );
  return renderSection('project-areas', 'What you work on', html`<div class="cards">${cards}</div>`);
}

export function renderInteractionStyle(style: Insights['interaction_style']): SafeHtml {
  const paragraphs = style.narrative.split(/\n{2,}/).map((part) => renderParagraph(part));
  return renderSection(
    'interaction-style',
    'How you work with Codex',
    html`${paragraphs}${style.key_pattern.trim() ? html`<p><strong>Key pattern:</strong> ${style.key_pattern}</p>` : null}${renderEvidence(style.evidence)}`,
  );
}

export function renderWhatWorks(works: Insights['what_works']): SafeHtml {
  const cards = works.workflows.map(
    (flow) =>
      html`<div class="card"><h3>${flow.title}</h3>${renderParagraph(flow.description)}${renderEvidence(flow.evidence)}</div>`,
  );
  return renderSection(
    'what-works',
    'What works',
    html`${renderParagraph(works.intro)}<div class="cards">${cards}</div>`,
  );
}

type FrictionItem = Insights['friction_analysis']['codex_side'][number];

function renderFrictionList(title: string, items: FrictionItem[], empty: string): SafeHtml {
  const cards = items.map(
    (item) => html`<div class="card"><h3>${item.category}</h3>${renderParagraph(item.description)}
${item.examples.length > 0 ? html`<ul>${item.examples.map((example) => html`<li>${example}</li>`)}</ul>` : null}${renderEvidence(item.evidence)}</div>`,
  );
  return html`<div><h3>${title}</h3>${cards.length > 0 ? cards : html`<p class="empty">${empty}</p>`}</div>`;
}

export function renderFriction(friction: Insights['friction_analysis']): SafeHtml {
  return renderSection(
    'friction',
    'Where things get stuck',
    html`${renderParagraph(friction.intro)}<div class="cols">
${renderFrictionList('On Codex’s side', friction.codex_side, 'No Codex-side friction in the evidence.')}
${renderFrictionList('On your side (ambiguity)', friction.user_side, 'No ambiguity on your side stood out.')}
</div>`,
  );
}

export function renderFunEnding(fun: Insights['fun_ending']): SafeHtml {
  return renderSection(
    'fun-ending',
    'One more thing',
    html`<p class="fun"><strong>${fun.headline}</strong></p>${renderParagraph(fun.detail)}`,
  );
}
