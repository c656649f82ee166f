/**
 * The PostgreSQL server the data-plane tests run against. `.ci/run` starts one on a loopback port
 * (`bash .ci/postgres`) and sets MESHGATE_TEST_POSTGRES_URL; without it the tests skip with a
 * message saying how to start one, and with MESHGATE_REQUIRE_POSTGRES=1 (CI) a missing server fails.
 */
import { randomBytes } from 'node:crypto';
import { describe, it } from 'vitest';
import pg from 'pg';

export const POSTGRES_HINT =
  'Start a local server with `eval "$(bash .ci/postgres)"` (needs `apt-get install -y postgresql`), ' +
  'then run the tests again; MESHGATE_TEST_POSTGRES_URL names the server.';

export const postgresUrl: string | undefined = process.env.MESHGATE_TEST_POSTGRES_URL || undefined;
const required = process.env.MESHGATE_REQUIRE_POSTGRES === '1';

/**
 * `describe` for tests that need the server: skipped (with the hint) when there is none, and
 * replaced by one failing test when CI requires it.
 */
export function describeWithPostgres(name: string, body: (url: string) => void): void {
  if (postgresUrl) {
    describe(name, () => body(postgresUrl));
    return;
  }
  if (required) {
    describe(name, () => {
      it('needs a PostgreSQL server (MESHGATE_REQUIRE_POSTGRES=1)', () => {
        throw new Error(`MESHGATE_TEST_POSTGRES_URL is not set. ${POSTGRES_HINT}`);
      });
    });
    return;
  }
  console.warn(`Skipping "${name}": no PostgreSQL server. ${POSTGRES_HINT}`);
  describe.skip(`${name} (skipped: ${POSTGRES_HINT})`, () => body(''));
}

/**
 * A fresh database on the test server, dropped by `drop()`. Each test file gets its own so files
 * can run in parallel; roles are cluster-wide, so tests give theirs a unique prefix (`prefix`).
 */
export async function scratchDatabase(url: string, label: string): Promise<{
  url: string;
  name: string;
  prefix: string;
  drop: () => Promise<void>;
}> {
  const suffix = randomBytes(4).toString('hex');
  const name = `mg_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${suffix}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  return {
    url: dbUrl.toString(),
    name,
    prefix: `t${suffix}_`,
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
