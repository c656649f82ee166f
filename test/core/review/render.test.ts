import { describe, expect, it } from 'vitest';
import { renderJson, renderMarkdown, renderText } from '../../../bot/core/review/render.ts';
import { review } from '../../../bot/core/review/review.ts';
import type { Review } from '../../../bot/core/review/types.ts';
import { approval, baseFiles, load, newGrant, NOW, PATHS, pull } from './pull.ts';

/** A contract change without a major bump plus an access request: every section shows. */
async function sample(): Promise<Review> {
  const head = {
    ...baseFiles,
    [PATHS.ordersContract]: baseFiles[PATHS.ordersContract].replace('        required: true\n        description: When', '        required: true\n        unique: true\n        description: When'),
    'catalog/checkout/orders/access/ml.yaml': newGrant(),
  };
  return review(load(baseFiles), load(head), pull('mallory', [approval('tom')], { 'acme/checkout-data': ['tom'] }), { now: NOW });
}

describe('renderText', () => {
  it('prints findings and breaking changes as file:line:column lines', async () => {
    expect(renderText(await sample())).toMatchInlineSnapshot(`
      "failure: Contract change, Access request: 1 error, 1 breaking change

      changes:
        catalog/checkout/orders/access/ml.yaml: AccessGrant ml-checkout-orders added
        catalog/checkout/orders/orders-v1.contract.yaml: DataContract checkout-orders-v1 modified (schema)

      findings:
      catalog/checkout/orders/orders-v1.contract.yaml:5:1: error contract.breaking-without-major contract \`checkout-orders-v1\` has 1 breaking change but keeps version \`1.0.0\` without a major bump. It affects @acme/marketing. (set version to 2.0.0 and tell the consumers, or make the change backward compatible)

      breaking changes:
      catalog/checkout/orders/orders-v1.contract.yaml:33:9: error contract.breaking \`orders.placed_at\` is now unique: existing duplicate values no longer conform [affects @acme/marketing via marketing-checkout-orders]

      approvals:
        [x] 1 of @acme/checkout-data: access grant \`ml-checkout-orders\` requested: first-level approvers of role \`analyst\` of \`checkout-orders-v1\` — approved by @tom
        [x] 1 of @acme/checkout-data: DataContract \`checkout-orders-v1\` modified — approved by @tom
        [i] asked to review @acme/marketing: breaking change to \`checkout-orders-v1\`: consumers with active grants are asked to review
      "
    `);
  });
});

describe('renderMarkdown', () => {
  it('renders the check-run summary', async () => {
    expect(renderMarkdown(await sample())).toMatchInlineSnapshot(`
      "## ❌ Contract change, Access request: 1 error, 1 breaking change

      **Conclusion:** failure: errors must be fixed · 1 error, 0 warnings · 1 breaking change · approvals complete

      **This pull request:** Contract change, Access request

      ### Findings

      | | where | check | message |
      | --- | --- | --- | --- |
      | ❌ | \`catalog/checkout/orders/orders-v1.contract.yaml:5\` | \`contract.breaking-without-major\` | contract \`checkout-orders-v1\` has 1 breaking change but keeps version \`1.0.0\` without a major bump. It affects @acme/marketing.<br>_set version to 2.0.0 and tell the consumers, or make the change backward compatible_ |

      ### Breaking contract changes

      | | contract | where | change | consumers affected |
      | --- | --- | --- | --- | --- |
      | ❌ | \`checkout-orders-v1\` | \`catalog/checkout/orders/orders-v1.contract.yaml:33\` | \`orders.placed_at\` is now unique: existing duplicate values no longer conform | @acme/marketing (grant \`marketing-checkout-orders\`, until 2027-06-30) |

      ### Approvals

      | status | from | needed | approved by | why |
      | --- | --- | --- | --- | --- |
      | ✅ approved | @acme/checkout-data | 1 | @tom | access grant \`ml-checkout-orders\` requested: first-level approvers of role \`analyst\` of \`checkout-orders-v1\` |
      | ✅ approved | @acme/checkout-data | 1 | @tom | DataContract \`checkout-orders-v1\` modified |
      | asked to review | @acme/marketing | — | — | breaking change to \`checkout-orders-v1\`: consumers with active grants are asked to review |

      Approvals count when they are on the current head commit, by someone other than the author; requirements come from the base branch.

      <details><summary>2 changes</summary>

      - AccessGrant \`ml-checkout-orders\` added — \`catalog/checkout/orders/access/ml.yaml\`
      - DataContract \`checkout-orders-v1\` modified (schema) — \`catalog/checkout/orders/orders-v1.contract.yaml\`

      </details>
      "
    `);
  });

  it('cuts long lists to fit and says how many entries it left out', async () => {
    const r = await sample();
    // Over 200 files, none past the summary's cap per file (summary-cap.test.ts): this is the cut by length.
    const many: Review = { ...r, findings: Array.from({ length: 2000 }, (_, i) => ({ ...r.findings[0], file: `catalog/f${i % 200}.yaml`, line: i + 1, message: `finding number ${i} ${'x'.repeat(40)}` })) };
    const text = renderMarkdown(many, { maxLength: 20_000 });
    expect(text.length).toBeLessThanOrEqual(20_000);
    expect(text).toMatch(/… \d+ more findings \(run `npx meshgate review --base <base>` locally for the full list\)/);
    const shown = (text.match(/finding number/g) ?? []).length;
    expect(text).toContain(`… ${2000 - shown} more findings`);
  });

  it('stays within GitHub\'s limit by default', async () => {
    const r = await sample();
    const many: Review = { ...r, findings: Array.from({ length: 5000 }, (_, i) => ({ ...r.findings[0], line: i + 1 })) };
    expect(renderMarkdown(many).length).toBeLessThanOrEqual(65_535);
  });
});

describe('renderJson', () => {
  it('carries the conclusion, findings, changes, breaking changes and approvals', async () => {
    const json = JSON.parse(renderJson(await sample()));
    expect(Object.keys(json)).toEqual(['conclusion', 'title', 'findings', 'changes', 'categories', 'breakingChanges', 'approvals', 'reviewersToRequest']);
    expect(json.approvals.find((a: { id: string }) => a.id === 'domain-owners:checkout')).toEqual({
      id: 'domain-owners:checkout',
      from: ['@acme/checkout-data'],
      count: 1,
      reason: 'DataContract `checkout-orders-v1` modified',
      satisfied: true,
      by: ['tom'],
    });
  });
});
