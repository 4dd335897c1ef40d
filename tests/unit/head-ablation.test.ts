import { describe, expect, it } from 'vitest';
import { parseHeadList } from '../../src/widgets/head-ablation/HeadAblation';

describe('head list in the URL', () => {
  it('keeps valid layer.head pairs within the model and drops everything else', () => {
    expect([...parseHeadList('0.3, 5.11,6.0,0.12,x,1.2.3,<b>,02.01', 6, 12)].sort()).toEqual(['0.3', '2.1', '5.11']);
  });
  it('is empty for an empty value', () => {
    expect(parseHeadList('', 6, 12).size).toBe(0);
  });
});
