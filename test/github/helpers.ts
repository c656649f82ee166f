/**
 * Test scaffolding for the GitHub app: GitHub served by nock (bench/github-mock.ts, which the
 * benchmark shares: tarballs, a test Probot, the requests every evaluation makes, request
 * counting), plus what only tests need: nock set up and checked around every test, an
 * installation Octokit, webhook deliveries, request capture and a quiet log.
 */
import nock from 'nock';
import type { Probot } from 'probot';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { API, TestOctokit } from '../../bench/github-mock.ts';

export * from '../../bench/github-mock.ts';

/**
 * nock for every test of the file: no request leaves the process (but to `allowHost`, e.g. a local
 * server), and each test must use every interceptor it sets up.
 */
export function interceptRequests(allowHost?: string): void {
  beforeAll(() => {
    nock.disableNetConnect();
    if (allowHost) nock.enableNetConnect(allowHost);
  });
  afterAll(() => nock.enableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending).toEqual([]);
  });
}

/** An Octokit with the installation's token, for the app's pieces tested without Probot. */
export const installationOctokit = () => new TestOctokit({ auth: 'ghs_test' });

/** A webhook delivery to a test Probot, as its middleware hands it over once the signature checked out. */
export function deliver(probot: Probot, name: string, payload: unknown, id = 'delivery-1'): Promise<void> {
  return probot.receive({ id, name, payload } as Parameters<Probot['receive']>[0]);
}

/** Captures request bodies sent to a route, replying with `reply`. */
export function capture(method: 'post' | 'patch' | 'put' | 'delete', path: string | RegExp, reply: unknown = {}, status = 200): unknown[] {
  const bodies: unknown[] = [];
  nock(API)
    [method](path, (body: unknown) => {
      bodies.push(body);
      return true;
    })
    .reply(status, reply as nock.Body);
  return bodies;
}

export function quietLog() {
  const lines: Array<{ level: string; obj: unknown; msg?: string }> = [];
  const at = (level: string) => (obj: unknown, msg?: string) => {
    lines.push({ level, obj, msg });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
