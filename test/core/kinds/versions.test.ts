import { describe, expect, it } from 'vitest';
import { DATA_CONTRACT_API_VERSIONS, NEWEST_DATA_CONTRACT_API_VERSION } from '../../../bot/core/kinds/data-contract.ts';
import { KIND_INFO } from '../../../bot/core/kinds/index.ts';
import { dump, scaffoldProduct } from '../../../bot/core/scaffold.ts';
import { lintFile } from '../../../bot/core/validate/lint.ts';

describe('the ODCS versions Meshgate reads', () => {
  it('are v3.0.0 to v3.2.0, the newest last', () => {
    expect([...DATA_CONTRACT_API_VERSIONS]).toEqual(['v3.0.0', 'v3.0.1', 'v3.0.2', 'v3.1.0', 'v3.2.0']);
    expect(DATA_CONTRACT_API_VERSIONS.at(-1)).toBe(NEWEST_DATA_CONTRACT_API_VERSION);
    expect(KIND_INFO.DataContract.apiVersions).toBe(DATA_CONTRACT_API_VERSIONS);
  });

  // Placeholders are errors (issue 16): what a scaffold writes lints valid apart from them.
  it('scaffolds write the newest, and what they write lints valid apart from its placeholders', () => {
    const { contract } = scaffoldProduct({ id: 'checkout-orders', domain: 'checkout' });
    expect(contract.doc.apiVersion).toBe('v3.2.0');
    const lint = lintFile(contract.path, dump(contract.doc));
    expect(lint.findings.filter((f) => f.severity === 'error' && !f.code.startsWith('placeholder.'))).toEqual([]);
  });
});
