/**
 * A contract role that promises less than it gives: its description leaves columns out ("All
 * columns except email and first_name", "no personal data") while the role, provisioned, would
 * expose them. Only what the text names can be told apart; anything subtler is the reviewers' job.
 */
import type { DataContract } from '../kinds/data-contract.ts';
import type { Classification } from '../kinds/governance.ts';
import { levelRank, maxClassification, roleExposure } from '../classification.ts';
import { type Issue, pointer } from '../findings/finding.ts';

/** Words after which a description names what the role does not give. */
const EXCLUDING = /\b(?:except|excluding|without|but not|no|not)\b/i;
/** Phrases that promise no personal data at all. */
const NO_PERSONAL_DATA = /\b(?:no|without)\s+(?:personal data|pii|names or contact data|contact data|personal information)\b/i;

export function checkRoleExposure(contract: DataContract, classification: Classification | undefined): Issue[] {
  const issues: Issue[] = [];
  const roles = Array.isArray(contract.roles) ? contract.roles : [];
  const properties = (Array.isArray(contract.schema) ? contract.schema : []).flatMap((o) => (Array.isArray(o?.properties) ? o.properties : []));
  roles.forEach((role, index) => {
    if (typeof role?.role !== 'string') return;
    const exposure = roleExposure(contract, role, classification);
    if (!exposure.ok) {
      issues.push({
        severity: 'warning',
        code: 'role.max-classification',
        message: `${exposure.reason}, so provisioning grants it nothing`,
        path: pointer('roles', index, 'customProperties'),
        hint: classification ? `use one of ${classification.levels.join(', ')}` : 'define classification.levels in policies/governance.yaml',
      });
      return;
    }
    const description = typeof role.description === 'string' ? role.description : '';
    const exposed = new Set(exposure.objects.flatMap((o) => o.columns));
    const promised = new Set<string>();
    const cut = EXCLUDING.exec(description);
    if (cut) {
      const rest = description.slice(cut.index + cut[0].length);
      for (const word of rest.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) if (exposed.has(word)) promised.add(word);
    }
    if (NO_PERSONAL_DATA.test(description)) {
      const rank = levelRank(classification);
      const top = classification ? classification.levels.length - 1 : Number.POSITIVE_INFINITY;
      for (const p of properties) {
        const name = p.physicalName || p.name;
        const personal = (Array.isArray(p.tags) && p.tags.includes('pii')) || (classification !== undefined && rank(p.classification) >= top);
        if (personal && exposed.has(name)) promised.add(name);
      }
    }
    if (promised.size === 0) return;
    const names = [...promised].sort();
    const ceiling = maxClassification(role);
    issues.push({
      severity: 'warning',
      code: 'role.exposes',
      message: `role "${role.role}" says "${description.trim()}", but it exposes ${names.join(', ')}${ceiling ? ` (maxClassification ${ceiling})` : ''}`,
      path: pointer('roles', index, 'description'),
      hint: ceiling
        ? 'lower its maxClassification, or say in the description what it gives'
        : 'add customProperties: [{ property: maxClassification, value: <level> }] so provisioning holds those columns back, or say in the description what it gives',
    });
  });
  return issues;
}
