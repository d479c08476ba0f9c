import { createPricer } from '../../src/pricing/cost.js';
import { shippedPriceTable } from '../../src/pricing/price-table.js';
import { slotOf } from '../../src/sessions/normalize/usage-slots.js';
import type { ScannedDetail, SessionDetail, SessionMetadata } from '../../src/sessions/types.js';

const pricer = createPricer(shippedPriceTable());

type Unpriced = Omit<SessionMetadata, 'tokens_by_model' | 'usage_slots' | 'cost'> &
  Partial<Pick<SessionMetadata, 'tokens_by_model' | 'usage_slots' | 'cost'>>;

/**
 * Metadata made by hand, completed as the parser and the store would: its tokens all spent with its model at its
 * start (unless given), priced with the shipped price list.
 */
export function completeUsage(metadata: Unpriced): SessionMetadata {
  const byModel = metadata.tokens_by_model ?? { [metadata.model]: { ...metadata.tokens } };
  const slot = slotOf(metadata.started_at);
  return {
    ...metadata,
    tokens_by_model: byModel,
    usage_slots: metadata.usage_slots ?? { [slot]: structuredClone(byModel) },
    cost: metadata.cost ?? pricer.price(byModel),
  };
}

/** A transcript as the store hands it out: priced with the shipped price list. */
export function priced(detail: ScannedDetail): SessionDetail {
  return { ...detail, metadata: { ...detail.metadata, cost: pricer.price(detail.metadata.tokens_by_model) } };
}
