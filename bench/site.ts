import type { Skipped } from './run.ts';

export interface SiteResult {
  buildMs: number;
  astroMs: number | null;
  pagefindMs: number | null;
  maxRssMB: number | null;
  pages: number;
  firstSearchBytes: number;
  query: string;
  breakdown: Record<string, number>;
}

export async function measureSite(_dir: string, _products: number): Promise<SiteResult | Skipped> {
  return { skipped: 'site build not available yet' };
}
