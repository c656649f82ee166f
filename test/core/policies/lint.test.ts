/**
 * Policies say when they are wrong: each case is the small mesh with one valid policy, changed in
 * one place the way a governance member gets it wrong.
 */
import { describe, expect, it } from 'vitest';
import { fromRecord, loadMesh } from '../../../bot/core/load/mesh.ts';
import { lintPolicies } from '../../../bot/core/policies/lint.ts';
import { checkMesh } from '../../../bot/core/check.ts';
import { review } from '../../../bot/core/review/review.ts';
import { reviewMesh } from '../../fixtures/meshes/review/mesh.ts';
import { NOW, pull } from '../review/pull.ts';

const FILE = 'policies/under-test.yaml';

/** A valid policy on grants; `body` replaces its appliesTo/when/require. */
function policy(body: string): string {
  return `apiVersion: meshgate/v1
kind: Policy
id: under-test
title: Policy under test
principle: other
rationale: Because.
severity: error
${body}`;
}

const VALID = `appliesTo: DataProduct
when:
  required: [$domain]
  properties:
    $domain:
      properties:
        type: { const: source-aligned }
require:
  required: [tags]
  properties:
    tags:
      type: array
      minItems: 1
`;

function lint(body: string, extra: Record<string, string | null> = {}) {
  const files: Record<string, string> = { ...reviewMesh, [FILE]: policy(body) };
  for (const [path, text] of Object.entries(extra)) {
    if (text === null) delete files[path];
    else files[path] = text;
  }
  return lintPolicies(loadMesh(fromRecord(files))).filter((f) => f.file === FILE);
}

describe('policy lint', () => {
  it('finds nothing wrong with a valid policy', () => {
    expect(lint(VALID)).toEqual([]);
  });

  it('a misspelt keyword in require is an error at its line, with the keyword it meant', () => {
    const [finding, ...rest] = lint(VALID.replace('  required: [tags]', '  requierd: [tags]'));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'error', code: 'policy.unknown-keyword', line: 16, column: 3, path: '/require/requierd', hint: 'did you mean `required`?' });
    expect(finding.message).toBe('policy "under-test": `requierd` is not a JSON Schema keyword, so the policy ignores it');
  });

  it('minItem is an error with "did you mean minItems"', () => {
    const [finding] = lint(VALID.replace('minItems: 1', 'minItem: 1'));
    expect(finding).toMatchObject({ code: 'policy.unknown-keyword', line: 20, path: '/require/properties/tags/minItem', hint: 'did you mean `minItems`?' });
  });

  it('a misspelt keyword in when is an error too', () => {
    const [finding] = lint(VALID.replace('type: { const: source-aligned }', 'type: { konst: source-aligned }'));
    expect(finding).toMatchObject({ code: 'policy.unknown-keyword', path: '/when/properties/$domain/properties/type/konst', hint: 'did you mean `const`?' });
  });

  it('a field written where a keyword belongs says to put it under properties', () => {
    const [finding] = lint(VALID.replace('  required: [tags]\n  properties:\n    tags:', '  tags:'));
    expect(finding).toMatchObject({ code: 'policy.unknown-keyword', path: '/require/tags', hint: 'to constrain the field "tags", put it under `properties:`' });
  });

  it('required under properties is a keyword in the wrong place', () => {
    const [finding] = lint(VALID.replace('  required: [tags]\n  properties:\n', '  properties:\n    required: [tags]\n'));
    expect(finding).toMatchObject({ severity: 'error', code: 'policy.misplaced-keyword', path: '/require/properties/required', hint: 'move `required` up one level, beside `properties`' });
  });

  it('an object keyword on a list is in the wrong place, and items is suggested', () => {
    const body = `appliesTo: DataProduct
require:
  properties:
    outputPorts:
      required: [contractId]
`;
    const [finding] = lint(body);
    expect(finding).toMatchObject({ code: 'policy.misplaced-keyword', line: 12, path: '/require/properties/outputPorts/required' });
    expect(finding.message).toContain('`required` only applies to objects (mappings), but the data here is arrays (lists)');
    expect(finding.hint).toBe('did you mean to put `required` under `items`, so that it applies to each item?');
  });

  it('required: true on a field (draft-3 style) is in the wrong place', () => {
    const [finding] = lint(VALID.replace('      minItems: 1', '      minItems: 1\n      required: true'));
    expect(finding).toMatchObject({ code: 'policy.misplaced-keyword', path: '/require/properties/tags/required' });
  });

  it('a $-key the view does not have is an error, with the key it meant', () => {
    const body = `appliesTo: AccessGrant
require:
  required: [$contracts]
`;
    const [finding] = lint(body);
    expect(finding).toMatchObject({ severity: 'error', code: 'policy.unknown-view-key', line: 10, path: '/require/required/0', hint: 'did you mean `$contract`?' });
    expect(finding.message).toBe('policy "under-test": the view of an AccessGrant has no `$contracts`, so this never sees any data');
  });

  it('a $-key under properties of the view is checked too', () => {
    const [finding] = lint(VALID.replace('    $domain:\n', '    $domian:\n').replace('required: [$domain]', 'required: [tags]'));
    expect(finding).toMatchObject({ code: 'policy.unknown-view-key', path: '/when/properties/$domian', hint: 'did you mean `$domain`?' });
  });

  it('a when no entity can match is a warning at the value that cannot match', () => {
    const [finding, ...rest] = lint(VALID.replace('const: source-aligned', 'const: source-alligned'));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'warning', code: 'policy.never-applies', line: 14, path: '/when/properties/$domain/properties/type/const' });
    expect(finding.message).toBe(
      'policy "under-test" never applies: its `when` can match no DataProduct, because `$domain.type` is always one of "source-aligned", "aggregate", "consumer-aligned", never "source-alligned"',
    );
  });

  it('when: false is a warning', () => {
    expect(lint(VALID.replace(/when:\n[\s\S]*?require:/, 'when: false\nrequire:'))).toMatchObject([{ severity: 'warning', code: 'policy.never-applies', path: '/when' }]);
  });

  it('a when whose bounds cross is a warning', () => {
    const body = VALID.replace(/when:\n[\s\S]*?require:/, 'when:\n  required: [tags]\n  properties:\n    tags: { minItems: 3, maxItems: 1 }\nrequire:');
    expect(lint(body)).toMatchObject([{ severity: 'warning', code: 'policy.never-applies', path: '/when/properties/tags/minItems' }]);
  });

  it('a when on a field the entity may lack is not called dead', () => {
    const body = VALID.replace(/when:\n[\s\S]*?require:/, 'when:\n  properties:\n    status: { const: no-such-status }\nrequire:');
    expect(lint(body)).toEqual([]);
  });

  it('a policy on a kind the mesh has no entity of is a warning at appliesTo', () => {
    const body = `appliesTo: AccessGrant
require:
  required: [purpose]
`;
    const findings = lint(body, { 'catalog/checkout/orders/access/marketing.yaml': null });
    expect(findings).toMatchObject([{ severity: 'warning', code: 'policy.never-applies', line: 8, path: '/appliesTo' }]);
    expect(findings[0].message).toBe('policy "under-test" applies to AccessGrant, and the mesh has none, so it checks nothing');
  });

  it('meshgate validate (checkMesh) reports lint findings with the rest', () => {
    const mesh = loadMesh(fromRecord({ ...reviewMesh, [FILE]: policy(VALID.replace('minItems: 1', 'minItem: 1')) }));
    expect(checkMesh(mesh).findings.filter((f) => f.file === FILE).map((f) => f.code)).toEqual(['policy.unknown-keyword']);
  });

  it('the review of a pull request that adds a policy with a misspelt keyword fails at that line', async () => {
    const base = loadMesh(fromRecord(reviewMesh));
    const head = loadMesh(fromRecord({ ...reviewMesh, [FILE]: policy(VALID.replace('  required: [tags]', '  requierd: [tags]')) }));
    const r = await review(base, head, pull('mallory'), { now: NOW });
    expect(r.conclusion).toBe('failure');
    expect(r.findings).toEqual([expect.objectContaining({ file: FILE, line: 16, code: 'policy.unknown-keyword', severity: 'error' })]);
  });
});
