import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let source: Promise<string> | null = null;

/**
 * Runs axe-core on what the page shows now (every rule it runs by default: WCAG 2.x A and AA, contrast
 * included, and its best practices) and returns each violation as one readable line, node by node.
 */
export async function scanAccessibility(page: Page): Promise<string[]> {
  source ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the devtools protocol, so the page's CSP (no inline scripts) stays as it is.
  await page.evaluate(await source);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    interface AxeViolation {
      id: string;
      help: string;
      nodes: { target: unknown[]; failureSummary?: string }[];
    }
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map(
        (n) => `${JSON.stringify(n.target)}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`,
      ),
    }));
  });
  return violations.flatMap((v) => v.nodes.map((node) => `${v.id} (${v.help}) ${node}`));
}
