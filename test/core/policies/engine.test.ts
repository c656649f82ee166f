import { describe, expect, it } from 'vitest';
import { loadMesh } from '../../../bot/core/load/mesh.ts';
import { fromRecord } from '../../../bot/core/load/mesh.ts';
import { buildView, evaluatePolicies } from '../../../bot/core/policies/engine.ts';
import { reviewMesh as smallMesh } from '../../fixtures/meshes/review/mesh.ts';

const tagged = { ...smallMesh };
const withChanges = (changes: Record<string, string | null>) => {
  const out = { ...tagged };
  for (const [path, text] of Object.entries(changes)) {
    if (text === null) delete out[path];
    else out[path] = text;
  }
  return out;
};
const load = (files: Record<string, string>) => loadMesh(fromRecord(files));
const now = new Date('2026-11-24T12:00:00Z');

const GRANT = 'catalog/checkout/orders/access/marketing.yaml';
const ORDERS_PRODUCT = 'catalog/checkout/orders/product.yaml';
const AUDIENCES_PRODUCT = 'catalog/marketing/audiences/product.yaml';

function policy(id: string, body: string): Record<string, string> {
  return {
    [`policies/${id}.yaml`]: `apiVersion: meshgate/v1
kind: Policy
id: ${id}
title: Policy ${id}
principle: other
rationale: Because ${id}.
severity: error
${body}`,
  };
}

const GRANTS_EXPIRE = policy(
  'grants-expire',
  `appliesTo: AccessGrant
require:
  properties:
    $validDays: { maximum: 365 }
`,
);

describe('buildView', () => {
  const mesh = load(tagged);
  it('adds the product, contract, consumer, domain and days left to a grant', () => {
    const grant = mesh.byKind.AccessGrant.get('marketing-checkout-orders')!;
    const view = buildView(mesh, grant, { now });
    expect(view.$domain).toMatchObject({ id: 'checkout' });
    expect(view.$product).toMatchObject({ id: 'checkout-orders' });
    expect(view.$contract).toMatchObject({ id: 'checkout-orders-v1' });
    expect(view.$consumer).toMatchObject({ team: '@acme/marketing', domain: { id: 'marketing' }, dataProduct: { id: 'marketing-audiences' } });
    expect(view.$validDays).toBe(218);
  });
  it('adds the contracts of its output ports to a product', () => {
    const view = buildView(mesh, mesh.byKind.DataProduct.get('checkout-orders')!);
    expect((view.$contracts as { id: string }[]).map((c) => c.id)).toEqual(['checkout-orders-v1']);
  });
  it('adds its product to a contract', () => {
    const view = buildView(mesh, mesh.byKind.DataContract.get('marketing-audiences-v1')!);
    expect(view.$product).toMatchObject({ id: 'marketing-audiences' });
  });
  it('does not change the entity document', () => {
    const grant = mesh.byKind.AccessGrant.get('marketing-checkout-orders')!;
    buildView(mesh, grant, { now });
    expect(Object.keys(grant.doc).some((k) => k.startsWith('$'))).toBe(false);
  });
});

describe('evaluatePolicies', () => {
  it('passes a mesh that meets its own policy', () => {
    const mesh = load(tagged);
    const report = evaluatePolicies(mesh, mesh);
    expect(report.findings).toEqual([]);
    expect(report.evaluations[0].results.map((r) => [r.id, r.status])).toEqual([
      ['checkout-orders', 'pass'],
      ['marketing-audiences', 'pass'],
    ]);
  });

  it('reports a violation with the policy severity, id, title, rationale and line', () => {
    const mesh = load(withChanges({ [AUDIENCES_PRODUCT]: smallMesh[AUDIENCES_PRODUCT].replace(/^tags: .*$/m, 'tags: []') }));
    const { findings } = evaluatePolicies(mesh, mesh);
    expect(findings).toEqual([
      {
        severity: 'warning',
        code: 'policy:products-have-tags',
        message: 'Data products are tagged: `tags` must NOT have fewer than 1 items',
        file: AUDIENCES_PRODUCT,
        line: 10,
        column: 1,
        path: '/tags',
        hint: 'Tags make products findable in the catalog.',
        policy: 'products-have-tags',
      },
    ]);
  });

  it('names the missing property of a required field', () => {
    const mesh = load(withChanges({ [ORDERS_PRODUCT]: smallMesh[ORDERS_PRODUCT].replace('tags: [orders]\n', '') }));
    const [f] = evaluatePolicies(mesh, mesh).findings;
    expect(f).toMatchObject({ message: 'Data products are tagged: the entity is missing `tags`', path: '/tags', file: ORDERS_PRODUCT });
  });

  it('reaches ODCS v3.2.0 fields in the view: an unlabelled enum value and a measure without transformLogic fail, at their lines', () => {
    const CONTRACT = 'catalog/checkout/orders/orders-v1.contract.yaml';
    const v32 = smallMesh[CONTRACT]
      .replace('apiVersion: v3.1.0', 'apiVersion: v3.2.0')
      .replace('        description: Email of the buyer.\n', '        description: Email of the buyer.\n        enum:\n          - value: a@example.com\n            label: Alice\n          - value: b@example.com\n')
      .replace('        description: When the order was placed (ISO-8601, UTC).\n', '        description: When the order was placed (ISO-8601, UTC).\n        semanticType: measure\n');
    const files = withChanges({
      [CONTRACT]: v32,
      ...policy(
        'enum-values-are-labelled',
        `appliesTo: DataContract
require:
  properties:
    schema:
      items:
        properties:
          properties:
            items:
              properties:
                enum: { items: { required: [label] } }
`,
      ),
      ...policy(
        'measures-say-how',
        `appliesTo: DataContract
require:
  properties:
    schema:
      items:
        properties:
          properties:
            items:
              if: { properties: { semanticType: { const: measure } }, required: [semanticType] }
              then: { required: [transformLogic] }
`,
      ),
    });
    const mesh = load(files);
    expect(mesh.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const failed = evaluatePolicies(mesh, mesh).findings.map((f) => `${f.code} ${f.path} ${f.line}`);
    expect(failed).toEqual([
      'policy:enum-values-are-labelled /schema/0/properties/1/enum/1/label 32',
      'policy:measures-say-how /schema/0/properties/2/transformLogic 33',
    ]);
  });

  it('applies only to entities that match `when`', () => {
    const files = withChanges(
      policy(
        'consumer-products-have-purpose',
        `appliesTo: DataProduct
when:
  properties:
    $domain: { properties: { type: { const: consumer-aligned } } }
require:
  required: [support]
`,
      ),
    );
    const mesh = load(files);
    const evaluation = evaluatePolicies(mesh, mesh).evaluations.find((e) => e.policy.id === 'consumer-products-have-purpose')!;
    expect(evaluation.results).toEqual([
      expect.objectContaining({ id: 'marketing-audiences', status: 'fail', domain: 'marketing', findings: [expect.objectContaining({ code: 'policy:consumer-products-have-purpose' })] }),
    ]);
  });

  it('places a failure inside a resolved reference at the field that references it', () => {
    const files = withChanges(
      policy(
        'no-restricted-for-consumers',
        `appliesTo: AccessGrant
require:
  properties:
    $contract:
      properties:
        schema:
          items:
            properties:
              properties:
                items:
                  properties:
                    classification: { not: { const: restricted } }
`,
      ),
    );
    const mesh = load(files);
    const [f] = evaluatePolicies(mesh, mesh).findings;
    expect(f).toMatchObject({ file: GRANT, path: '/outputPort', line: 9 });
    expect(f.message).toBe('Policy no-restricted-for-consumers: `$contract.schema[orders].properties[customer_email].classification` matches what the policy forbids');
  });

  it('reads grant validity in days from `now`', () => {
    const mesh = load(withChanges({ ...GRANTS_EXPIRE, [GRANT]: smallMesh[GRANT].replace('2027-06-30', '2028-06-30') }));
    const { findings } = evaluatePolicies(mesh, mesh, { now });
    expect(findings).toEqual([expect.objectContaining({ code: 'policy:grants-expire', path: '/validUntil', line: 13, message: 'Policy grants-expire: `validUntil` is 584 days from today; at most 365 days are allowed' })]);
  });

  it('evaluates only the given files', () => {
    const mesh = load(withChanges({ [ORDERS_PRODUCT]: smallMesh[ORDERS_PRODUCT].replace('tags: [orders]\n', '') }));
    expect(evaluatePolicies(mesh, mesh, { files: new Set([AUDIENCES_PRODUCT]) }).findings).toEqual([]);
  });

  it('applies the policies of one snapshot to another', () => {
    const withPolicy = load(withChanges({ ...GRANTS_EXPIRE }));
    const target = load(withChanges({ [GRANT]: smallMesh[GRANT].replace('2027-06-30', '2030-01-01') }));
    expect(evaluatePolicies(withPolicy, target, { now }).findings.map((f) => f.code)).toEqual(['policy:grants-expire']);
    expect(evaluatePolicies(target, target, { now }).findings).toEqual([]);
  });

  describe('invalid policies are findings, not crashes', () => {
    it('reports a require that is not valid JSON Schema at the keyword whose value is wrong', () => {
      const mesh = load(withChanges(policy('broken', 'appliesTo: DataProduct\nrequire:\n  type: 12\n')));
      const { findings, evaluations } = evaluatePolicies(mesh, mesh);
      expect(findings).toEqual([
        expect.objectContaining({ file: 'policies/broken.yaml', code: 'policy.invalid', severity: 'error', line: 10, path: '/require/type', policy: 'broken' }),
      ]);
      expect(findings[0].message).toBe(
        'policy "broken" cannot be evaluated: require: not a valid JSON Schema at type: must be equal to one of the allowed values; must be array; must match a schema in anyOf',
      );
      expect(evaluations.map((e) => e.policy.id)).toEqual(['products-have-tags']);
    });
    it('reports a policy that applies to an unknown kind', () => {
      const mesh = load(withChanges(policy('wrong-kind', 'appliesTo: Dataset\nrequire: { required: [id] }\n')));
      const f = evaluatePolicies(mesh, mesh).findings.find((x) => x.code === 'policy.invalid')!;
      expect(f).toMatchObject({ file: 'policies/wrong-kind.yaml', line: 8, path: '/appliesTo', hint: 'use one of Domain, DataProduct, DataContract, AccessGrant' });
    });
    it('refuses a $ref to a remote schema without fetching it', () => {
      const mesh = load(withChanges(policy('remote', 'appliesTo: DataProduct\nrequire:\n  $ref: https://example.com/schema.json\n')));
      const [f] = evaluatePolicies(mesh, mesh).findings;
      expect(f).toMatchObject({ code: 'policy.invalid', path: '/require/$ref' });
      expect(f.message).toContain('$ref "https://example.com/schema.json" points outside the policy');
    });
    it('accepts a local $ref to its own definitions', () => {
      const mesh = load(
        withChanges(policy('local-ref', 'appliesTo: DataProduct\nrequire:\n  $ref: "#/$defs/tagged"\n  $defs:\n    tagged: { required: [tags] }\n')),
      );
      expect(evaluatePolicies(mesh, mesh).findings).toEqual([]);
    });
    it('evaluates two versions of a policy that share an $id', () => {
      const a = load(withChanges(policy('with-id', 'appliesTo: DataProduct\nrequire:\n  $id: https://acme/p\n  required: [tags]\n')));
      const b = load(withChanges(policy('with-id', 'appliesTo: DataProduct\nrequire:\n  $id: https://acme/p\n  required: [inputPorts]\n')));
      expect(evaluatePolicies(a, a).findings).toEqual([]);
      expect(evaluatePolicies(b, b).findings.map((f) => f.file)).toEqual([ORDERS_PRODUCT]);
    });
  });
});
