import { dirname } from 'node:path';
import { testContract } from '../../bot/core/datatest/run.ts';
import type { CheckResult, ContractRun } from '../../bot/core/datatest/types.ts';
import type { DataContract } from '../../bot/core/kinds/data-contract.ts';
import { openEngine } from '../../bot/platform/engine.ts';

/** Tests `contract` on its first server, as `meshgate test` would, and returns the run. */
export async function runContract(contract: DataContract, env: Record<string, string | undefined>, contractFile = '/tmp/items.contract.yaml'): Promise<ContractRun> {
  const server = contract.servers![0];
  const opening = await openEngine(server, { baseDir: dirname(contractFile), env }, { named: true });
  return testContract({ contract, file: 'items.contract.yaml', server: { name: server.server, type: server.type, index: 0 } }, opening, () => new Date());
}

export function checkOf(run: ContractRun, id: string): CheckResult {
  const found = run.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}; the run has ${run.checks.map((c) => c.id).join(', ')}`);
  return found;
}
