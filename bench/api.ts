import type { Skipped } from './run.ts';

export interface ApiResult {
  calls: number;
  annotations: number;
  byRoute: Record<string, number>;
}

export async function measureApiCalls(_dir: string): Promise<ApiResult | Skipped> {
  return { skipped: 'not available yet' };
}
