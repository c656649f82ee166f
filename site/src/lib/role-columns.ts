/**
 * Which columns a contract role exposes, for the roles table of a contract page: every column, or
 * with a maxClassification only those at or below it (what `meshgate access apply` grants).
 */
import type { DataContract, Role } from '../../../bot/core/kinds/data-contract.ts';
import type { Classification } from '../../../bot/core/kinds/governance.ts';
import { roleExposure } from '../../../bot/core/classification.ts';
import { escapeHtml as e } from './html.ts';

const codes = (names: readonly string[]) => names.map((n) => `<code>${e(n)}</code>`).join(', ');

export function roleColumnsHtml(contract: DataContract, role: Role, classification: Classification | undefined): string {
  const exposure = roleExposure(contract, role, classification);
  if (!exposure.ok) return `<strong>none</strong>: ${e(exposure.reason)}`;
  if (exposure.ceiling === undefined) return 'all columns';
  const several = exposure.objects.length > 1;
  const parts = exposure.objects.map(({ object, columns, withheld }) => {
    const shown = columns.length > 0 ? codes(columns) : '<span class="muted">no column</span>';
    const held = withheld.length > 0 ? `; held back: ${codes(withheld)}` : '';
    return `${several ? `${e(object.name)}: ` : ''}${shown}${held}`;
  });
  return `up to <strong>${e(exposure.ceiling)}</strong>: ${parts.join('<br>')}`;
}
