import { describe, expect, it } from 'vitest';
import { describeDirection, formatEffectValue, formatPValue } from './describe.js';

describe('how effect figures are shown', () => {
  it('shows shares as whole percents, a tiny share as <1%, and means to one decimal or whole with separators', () => {
    expect(formatEffectValue('share', 0.214)).toBe('21%');
    expect(formatEffectValue('share', 0)).toBe('0%');
    expect(formatEffectValue('share', 0.003)).toBe('<1%');
    expect(formatEffectValue('mean', 5.25)).toBe('5.3');
    expect(formatEffectValue('mean', 12_345.6)).toBe('12,346');
    expect(formatEffectValue('mean', null)).toBe('—');
  });

  it('gives p to three places, and a bound below 0.001', () => {
    expect(formatPValue(0.01298)).toBe('p = 0.013');
    expect(formatPValue(0.0004)).toBe('p < 0.001');
    expect(formatPValue(null)).toBe('—');
  });

  it('says better or worse only where lower is known to be better, and only for a clear difference', () => {
    expect(describeDirection({ verdict: 'lower', lower_is_better: true })).toBe('better');
    expect(describeDirection({ verdict: 'higher', lower_is_better: true })).toBe('worse');
    expect(describeDirection({ verdict: 'lower', lower_is_better: null })).toBe('lower');
    expect(describeDirection({ verdict: 'unclear', lower_is_better: true })).toBe('no clear change');
    expect(describeDirection({ verdict: 'no_data', lower_is_better: true })).toBe('no data');
  });
});
