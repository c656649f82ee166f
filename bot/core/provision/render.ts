/** An access plan as the CLI prints it: the exact SQL, each statement with the grant that explains it. */
import type { AccessPlan, Statement } from './plan.ts';

const SIGN: Record<Statement['action'], string> = { 'create-role': '+', grant: '+', revoke: '-' };

export function renderPlan(plan: AccessPlan, verb: 'plan' | 'applied'): string {
  const lines: string[] = [];
  const { summary } = plan;
  const header = `Target ${plan.target}: ${summary.activeGrants} of ${summary.grants} grants in force`;
  if (plan.statements.length === 0) {
    lines.push(`${header}. No changes: the database already matches the grants.`);
  } else {
    const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
    const counts = [summary.create ? n(summary.create, 'CREATE ROLE') : '', n(summary.grant, 'GRANT'), n(summary.revoke, 'REVOKE')].filter(Boolean).join(', ');
    lines.push(`${header}; ${verb === 'plan' ? 'would run' : 'ran'} ${counts}${verb === 'plan' ? '' : ' in one transaction'}.`);
    lines.push('');
    for (const s of plan.statements) {
      lines.push(`${SIGN[s.action]} ${s.sql};`);
      lines.push(`    -- ${s.reason}`);
    }
  }
  if (plan.problems.length > 0) {
    lines.push('');
    lines.push(`${plan.problems.length} grant${plan.problems.length === 1 ? '' : 's'} cannot be provisioned:`);
    for (const p of plan.problems) lines.push(`  ${p.file}: ${p.message}`);
  }
  return `${lines.join('\n')}\n`;
}
