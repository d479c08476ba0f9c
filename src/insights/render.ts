import type { InsightAnswer } from './schema.js';

const OUTCOME_LABEL: Record<InsightAnswer['outcome']['status'], string> = {
  achieved: 'Achieved',
  partly_achieved: 'Partly achieved',
  not_achieved: 'Not achieved',
  unclear: 'Unclear',
};

const TARGET_LABEL: Record<InsightAnswer['recommendations'][number]['target'], string> = {
  agents_md: 'AGENTS.md',
  skill: 'repo skill',
  prompting: 'prompting',
  tooling: 'tooling',
  other: 'other',
};

/** Markdown special characters in model text are kept literal except for inline emphasis, which is harmless. */
function escapeLine(text: string): string {
  return text.replace(/\r?\n+/g, ' ').replace(/^([#>+\-*]|\d+\.)/, '\\$1');
}

function renderQuote(quote: string, entry: number | null): string {
  const cite = entry === null ? '' : ` — entry #${entry}`;
  return `  > ${escapeLine(quote)}${cite}`;
}

function renderPoints(title: string, points: InsightAnswer['what_worked']): string[] {
  const lines = [`## ${title}`, ''];
  if (points.length === 0) lines.push('_Nothing noted._');
  for (const point of points) {
    lines.push(`- ${escapeLine(point.point)}`);
    for (const evidence of point.evidence) lines.push(renderQuote(evidence.quote, evidence.entry));
  }
  lines.push('');
  return lines;
}

/** The human-readable insights page, stored beside the JSON and shown by the UI and `insights run`. */
export function renderInsightsMarkdown(
  answer: InsightAnswer,
  context: { sessionId: string; title?: string | null; createdAt: string; mode: string },
): string {
  const lines = [
    `# Insights: ${escapeLine(context.title || context.sessionId)}`,
    '',
    `Session \`${context.sessionId}\` · ${context.mode} run · ${context.createdAt}`,
    '',
    '## Goal',
    '',
    escapeLine(answer.goal),
    '',
    `## Outcome: ${OUTCOME_LABEL[answer.outcome.status]}`,
    '',
    escapeLine(answer.outcome.summary),
    '',
    ...renderPoints('What worked', answer.what_worked),
    ...renderPoints('Friction', answer.friction),
    '## Recommendations',
    '',
  ];
  if (answer.recommendations.length === 0) lines.push('_None._');
  answer.recommendations.forEach((rec, i) => {
    lines.push(
      `${i + 1}. **${escapeLine(rec.title)}** (${TARGET_LABEL[rec.target]}): ${escapeLine(rec.detail)}`,
    );
  });
  return `${lines.join('\n').trimEnd()}\n`;
}
