/**
 * Access requests still waiting, as the access page shows them: the open issues and pull requests
 * labelled `access-request`, read from GitHub's search API once per build when a token is given.
 * Without a token (or when GitHub cannot be reached) the page says so instead of showing an empty
 * list, so "nothing pending" always means nothing is pending.
 */
import { REQUEST_LABEL } from '../../../bot/core/requests/form.ts';
import type { RepositoryRef } from './access.ts';

export interface PendingRequest {
  number: number;
  kind: 'issue' | 'pull request';
  title: string;
  url: string;
  author: string;
  /** YYYY-MM-DD the request was opened. */
  opened: string;
  /** Its other labels (breaking-change, policy-change, …). */
  labels: string[];
}

export type PendingRequests =
  | { status: 'listed'; repository: string; items: PendingRequest[]; total: number; searchUrl: string }
  | { status: 'no-token' | 'no-repository'; searchUrl?: string }
  | { status: 'failed'; reason: string; searchUrl: string };

/** At most this many are listed (one search page); the rest are counted and linked. */
export const PENDING_LIMIT = 100;

/** owner/name and the API base of a repository web URL: github.com, or GitHub Enterprise Server's /api/v3. */
export function repositoryApi(url: string, apiUrl?: string): { slug: string; api: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const [owner, name] = parsed.pathname.split('/').filter(Boolean);
  if (parsed.protocol !== 'https:' || !owner || !name) return undefined;
  const api = apiUrl ?? (parsed.hostname === 'github.com' ? 'https://api.github.com' : `https://${parsed.host}/api/v3`);
  return { slug: `${owner}/${name}`, api: api.replace(/\/+$/, '') };
}

/** The web search a person can open to see the same list, live. */
export const pendingSearchUrl = (repository: RepositoryRef) => `${repository.url}/issues?q=${encodeURIComponent(`is:open label:${REQUEST_LABEL}`)}`;

interface SearchItem {
  number?: unknown;
  title?: unknown;
  html_url?: unknown;
  user?: { login?: unknown } | null;
  created_at?: unknown;
  pull_request?: unknown;
  labels?: Array<{ name?: unknown } | string>;
}

/** The search API's answer as the page lists it; items that are not shaped as expected are left out. */
export function pendingFromSearch(body: { total_count?: unknown; items?: unknown }, repository: string, searchUrl: string): PendingRequests {
  const items = (Array.isArray(body.items) ? (body.items as SearchItem[]) : []).flatMap((item): PendingRequest[] => {
    if (typeof item.number !== 'number' || typeof item.title !== 'string' || typeof item.html_url !== 'string' || !item.html_url.startsWith('https://')) return [];
    return [
      {
        number: item.number,
        kind: item.pull_request ? 'pull request' : 'issue',
        title: item.title,
        url: item.html_url,
        author: typeof item.user?.login === 'string' ? item.user.login : 'unknown',
        opened: typeof item.created_at === 'string' ? item.created_at.slice(0, 10) : '',
        labels: (item.labels ?? []).map((l) => (typeof l === 'string' ? l : String(l.name ?? ''))).filter((l) => l && l !== REQUEST_LABEL),
      },
    ];
  });
  return { status: 'listed', repository, items, total: typeof body.total_count === 'number' ? body.total_count : items.length, searchUrl };
}

export interface PendingOptions {
  repository: RepositoryRef | undefined;
  token: string | undefined;
  /** GITHUB_API_URL, for GitHub Enterprise Server runners. */
  apiUrl?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export async function fetchPendingRequests({ repository, token, apiUrl, fetch: get = fetch, timeoutMs = 15_000 }: PendingOptions): Promise<PendingRequests> {
  if (!repository) return { status: 'no-repository' };
  const searchUrl = pendingSearchUrl(repository);
  const target = repositoryApi(repository.url, apiUrl);
  if (!target) return { status: 'failed', reason: `${repository.url} is not a GitHub repository URL`, searchUrl };
  if (!token) return { status: 'no-token', searchUrl };
  const q = `repo:${target.slug} is:open label:${REQUEST_LABEL}`;
  try {
    const response = await get(`${target.api}/search/issues?q=${encodeURIComponent(q)}&sort=created&order=asc&per_page=${PENDING_LIMIT}`, {
      headers: { accept: 'application/vnd.github+json', authorization: `Bearer ${token}`, 'x-github-api-version': '2022-11-28', 'user-agent': 'meshgate-site' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) return { status: 'failed', reason: `GitHub answered ${response.status} ${response.statusText}`.trim(), searchUrl };
    return pendingFromSearch((await response.json()) as { total_count?: unknown; items?: unknown }, target.slug, searchUrl);
  } catch (error) {
    return { status: 'failed', reason: error instanceof Error ? error.message : String(error), searchUrl };
  }
}
