/**
 * The impact preview of a policy change: every newly failing finding, how each changed policy fares
 * across the mesh ("N of M"), policies that pass everywhere, and entities that would newly pass.
 */
import { describe, expect, it } from 'vitest';
import { describeStanding } from '../../../bot/core/review/impact.ts';
import { renderMarkdown, renderText } from '../../../bot/core/review/render.ts';
import { review } from '../../../bot/core/review/review.ts';
import { baseFiles, load, NOW, PATHS, policyFile, pull } from './pull.ts';

const TEAMS = { 'acme/checkout-data': ['maria', 'tom'], 'acme/marketing': ['lena'] };

async function run(changes: Record<string, string | null>, base: Record<string, string> = baseFiles) {
  const headFiles = { ...base };
  for (const [path, text] of Object.entries(changes)) {
    if (text === null) delete headFiles[path];
    else headFiles[path] = text;
  }
  return review(load(base), load(headFiles), pull('mallory', [], TEAMS), { now: NOW });
}

const EXAMPLES = 'policies/properties-have-examples.yaml';
const PROPERTIES_HAVE_EXAMPLES = policyFile(
  'properties-have-examples',
  `appliesTo: DataContract
require:
  properties:
    schema:
      items:
        properties:
          properties:
            items: { required: [examples] }
`,
);

describe('policy impact preview', () => {
  it('lists every newly failing finding of an entity, not only its first', async () => {
    const r = await run({ [EXAMPLES]: PROPERTIES_HAVE_EXAMPLES });
    const orders = r.policyImpact!.filter((p) => p.id === 'checkout-orders-v1');
    expect(orders.map((p) => [p.effect, p.line, p.message])).toEqual([
      ['newly-failing', 16, 'Policy properties-have-examples: `schema[orders].properties[order_id]` is missing `examples`'],
      ['newly-failing', 23, 'Policy properties-have-examples: `schema[orders].properties[customer_email]` is missing `examples`'],
      ['newly-failing', 29, 'Policy properties-have-examples: `schema[orders].properties[placed_at]` is missing `examples`'],
    ]);
  });

  it('lists them all when one entity has more than the ten findings validate shows per policy', async () => {
    const props = Array.from({ length: 12 }, (_, i) => `      - name: field_${i}\n        logicalType: string\n        description: Field ${i}.\n`).join('');
    const base = { ...baseFiles, [PATHS.audiencesContract]: baseFiles[PATHS.audiencesContract].replace('        description: Audience identifier.\n', `        description: Audience identifier.\n${props}`) };
    const r = await run({ [EXAMPLES]: PROPERTIES_HAVE_EXAMPLES }, base);
    expect(r.policyImpact!.filter((p) => p.id === 'marketing-audiences-v1')).toHaveLength(13);
  });

  it('says how a new policy fares across the mesh: fails on N of M contracts', async () => {
    const r = await run({ [EXAMPLES]: PROPERTIES_HAVE_EXAMPLES });
    expect(r.policyChanges).toEqual([
      { policy: 'properties-have-examples', title: 'Policy properties-have-examples', file: EXAMPLES, change: 'added', appliesTo: 'DataContract', after: { total: 2, applies: 2, failing: 2 } },
    ]);
    expect(renderMarkdown(r)).toContain('| `properties-have-examples` | added | fails on 2 of 2 contracts | — |');
  });

  it('shows a new policy that fails nowhere as passing on all contracts', async () => {
    const r = await run({ 'policies/contracts-have-a-status.yaml': policyFile('contracts-have-a-status', 'appliesTo: DataContract\nrequire:\n  required: [status]\n') });
    expect(r.policyImpact).toEqual([]);
    const markdown = renderMarkdown(r);
    expect(markdown).toContain('With this pull request\'s policies, across the whole mesh: 0 findings would newly fail, 0 entities would newly pass. Not enforced until merged.');
    expect(markdown).toContain('| `contracts-have-a-status` | added | passes on all 2 contracts | — |');
    expect(renderText(r)).toContain('  contracts-have-a-status (added): passes on all 2 contracts');
  });

  it('shows a changed policy before and after', async () => {
    const r = await run({ [PATHS.tagsPolicy]: baseFiles[PATHS.tagsPolicy].replace('tags: { minItems: 1 }', 'tags: { minItems: 2 }') });
    expect(renderText(r)).toContain('  products-have-tags (changed): fails on 2 of 2 data products (before: passes on all 2 data products)');
  });

  it('lists the entities a removed policy no longer fails as newly passing', async () => {
    const base = { ...baseFiles, [EXAMPLES]: PROPERTIES_HAVE_EXAMPLES };
    const r = await run({ [EXAMPLES]: null }, base);
    expect(r.policyImpact!.map((p) => [p.effect, p.id])).toEqual([
      ['newly-passing', 'checkout-orders-v1'],
      ['newly-passing', 'marketing-audiences-v1'],
    ]);
    expect(r.policyChanges).toMatchObject([{ policy: 'properties-have-examples', change: 'removed', before: { total: 2, applies: 2, failing: 2 } }]);
    expect(renderMarkdown(r)).toContain('0 findings would newly fail, 2 entities would newly pass');
  });

  it('does not call findings new when a policy is only retitled', async () => {
    const base = { ...baseFiles, [EXAMPLES]: PROPERTIES_HAVE_EXAMPLES };
    const r = await run({ [EXAMPLES]: PROPERTIES_HAVE_EXAMPLES.replace('title: Policy properties-have-examples', 'title: Properties show an example') }, base);
    expect(r.policyImpact).toEqual([]);
  });
});

describe('describeStanding', () => {
  it('counts only the entities a when matches, and says of how many', () => {
    expect(describeStanding({ total: 18, applies: 5, failing: 2 }, 'DataContract')).toBe('fails on 2 of the 5 contracts its `when` matches (18 in all)');
  });
  it('says when a policy applies to nothing', () => {
    expect(describeStanding({ total: 27, applies: 0, failing: 0 }, 'AccessGrant')).toBe('applies to none of the 27 access grants (its `when` matches none)');
  });
});
