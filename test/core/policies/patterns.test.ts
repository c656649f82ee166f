/**
 * Patterns in policies are run on RE2: a proposed policy cannot hang the process with a
 * catastrophically backtracking pattern, and a pattern RE2 cannot compile is a finding at its line.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compilePolicy, evaluatePolicies } from '../../../bot/core/policies/engine.ts';
import { createAjv } from '../../../bot/core/kinds/ajv.ts';
import type { Entity } from '../../../bot/core/model.ts';
import { baseFiles, changed, load } from '../review/pull.ts';

const DOMAIN = 'catalog/checkout/domain.yaml';

function policyFile(id: string, body: string): string {
  return `apiVersion: meshgate/v1
kind: Policy
id: ${id}
title: Policy ${id}
principle: other
rationale: Because ${id}.
severity: error
appliesTo: Domain
${body}`;
}

function onlyPolicy(mesh: ReturnType<typeof load>, id: string): Entity<'Policy'> {
  return mesh.byKind.Policy.get(id)!;
}

describe('policy patterns', () => {
  it('a proposed policy with a catastrophically backtracking pattern (^(a+)+$) does not hang the review', () => {
    // The review previews the head's policies over the whole head mesh. With JavaScript's RegExp,
    // `^(a+)+$` against 40 "a"s and a "!" takes ~2^40 steps: the child below never answers and is
    // killed (the bound only guards against that: it is no timing assertion). On RE2 it answers at once. In a child process so that the old engine cannot block
    // the test runner itself.
    const script = `
      const { review } = await import(${JSON.stringify(new URL('../../../bot/core/review/review.ts', import.meta.url).pathname)});
      const { load, changed, pull, NOW } = await import(${JSON.stringify(new URL('../review/pull.ts', import.meta.url).pathname)});
      const files = ${JSON.stringify({ ...changed({}) })};
      const policy = ${JSON.stringify(policyFile('domain-names', 'require:\n  properties:\n    description: { pattern: "^(a+)+$" }\n'))};
      const head = { ...files, 'policies/domain-names.yaml': policy, ${JSON.stringify(DOMAIN)}: files[${JSON.stringify(DOMAIN)}].replace('Orders placed in the shop.', '${'a'.repeat(40)}!') };
      const r = await review(load(files), load(head), pull('maria'), { now: NOW });
      process.stdout.write(JSON.stringify((r.policyImpact ?? []).map((p) => [p.policy, p.id, p.effect])));
    `;
    let out: string;
    try {
      out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000, killSignal: 'SIGKILL' });
    } catch (error) {
      throw new Error('the review did not finish: the pattern hung the process', { cause: error });
    }
    expect(JSON.parse(out)).toContainEqual(['domain-names', 'checkout', 'newly-failing']);
  }, 180_000);

  it('a policy pattern RE2 cannot compile (a lookahead) is a policy.invalid finding at the pattern, not a silent pass', () => {
    const mesh = load(changed({ 'policies/lookahead.yaml': policyFile('lookahead', 'require:\n  properties:\n    description:\n      pattern: "^(?=.*shop)"\n') }));
    const { compiled, findings } = compilePolicy(mesh, onlyPolicy(mesh, 'lookahead'));
    expect(compiled).toBeUndefined();
    expect(findings).toMatchObject([
      {
        severity: 'error',
        code: 'policy.invalid',
        file: 'policies/lookahead.yaml',
        line: 12,
        path: '/require/properties/description/pattern',
        message: expect.stringContaining('pattern "^(?=.*shop)" cannot be evaluated: invalid or unsupported Perl syntax: `(?=`'),
        hint: expect.stringContaining('RE2'),
      },
    ]);
  });

  it('a patternProperties key with a backreference in a policy `when` is a finding at that key', () => {
    const mesh = load(changed({ 'policies/backref.yaml': policyFile('backref', 'when:\n  patternProperties:\n    "^(x)\\\\1$": { type: string }\nrequire: { required: [description] }\n') }));
    const { findings } = evaluatePolicies(mesh, mesh);
    expect(findings).toMatchObject([{ code: 'policy.invalid', file: 'policies/backref.yaml', line: 11, path: '/when/patternProperties/^(x)\\1$' }]);
  });

  it('patterns written in JavaScript syntax still match as JavaScript reads them (\\u escapes, named groups)', () => {
    const validate = createAjv().compile({ type: 'array', items: [{ pattern: '^caf\\u00e9$' }, { pattern: '^(?<year>\\d{4})-\\d{2}$' }] });
    expect([validate(['café', '2026-12']), validate(['cafe', '2026-12'])]).toEqual([true, false]);
  });

  it('a pattern answers the same for inputs it remembers, forgets and never remembers (long ones)', () => {
    const validate = createAjv().compile({ type: 'array', items: { pattern: '_at$' } });
    const inputs = Array.from({ length: 10_000 }, (_, i) => (i % 2 ? `p${i}_at` : `p${i}`));
    const long = `${'x'.repeat(300)}_at`;
    expect([validate(inputs.filter((s) => s.endsWith('_at'))), validate(inputs), validate([long]), validate([long, 'p1'])]).toEqual([true, false, true, false]);
  });

  it('the base mesh with its own patterns still passes its policies', () => {
    const mesh = load(baseFiles);
    expect(evaluatePolicies(mesh, mesh).findings).toEqual([]);
  });
});
