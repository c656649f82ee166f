/**
 * Small truths the README tells a new user: the Node version it names is the one `engines`,
 * the workflows and every package of the dependency tree accept (so `npm ci` prints no engine
 * warning); `npm start` keeps serving and `npm run dev` rebuilds, with the messages the README
 * quotes; and nothing promises a container the repository does not have.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEV_MESSAGES } from '../../site/scripts/dev.ts';
import { servingMessage } from '../../site/scripts/serve.ts';

const REPO = join(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(REPO, path), 'utf8');
const pkg = JSON.parse(read('package.json')) as { engines: { node: string }; scripts: Record<string, string> };
const README = read('README.md');
/** The README as prose: line breaks and runs of spaces as one space, for quotes that wrap. */
const prose = README.replace(/\s+/g, ' ');

type Version = [number, number, number];
const parse = (v: string): Version => {
  const [a = 0, b = 0, c = 0] = v.replace(/^v/, '').split('.').map((n) => (n === 'x' || n === '*' ? 0 : Number(n)));
  return [a, b, c];
};
const cmp = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** Whether `version` satisfies an npm engines range (the forms engines use: ||, >=, >, <, ^, ~, x, bare). */
export function satisfies(version: string, range: string): boolean {
  const v = parse(version);
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      .replace(/([<>=^~]+)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean)
      .every((comparator) => {
        const [, op = '', rest] = /^([<>=^~]*)(.*)$/.exec(comparator)!;
        if (rest === '*' || rest === 'x' || rest === '') return true;
        const parts = rest.split('.').length;
        const r = parse(rest);
        switch (op) {
          case '>=': return cmp(v, r) >= 0;
          case '>': return cmp(v, r) > 0;
          case '<': return cmp(v, r) < 0;
          case '<=': return cmp(v, r) <= 0;
          case '^': return cmp(v, r) >= 0 && (r[0] > 0 ? v[0] === r[0] : v[1] === r[1]);
          case '~': return cmp(v, r) >= 0 && v[0] === r[0] && (parts < 2 || v[1] === r[1]);
          default: return parts === 1 ? v[0] === r[0] : parts === 2 ? v[0] === r[0] && v[1] === r[1] : cmp(v, r) === 0;
        }
      }),
  );
}

describe('the Node version', () => {
  const readmeVersion = /^Node (\d+\.\d+) or newer\./m.exec(README)?.[1];

  it('the README names the lowest version engines accepts', () => {
    expect(readmeVersion).toBeDefined();
    expect(pkg.engines.node).toBe(`>=${readmeVersion}`);
  });

  it('every workflow sets up a Node major that engines accepts', () => {
    const versions = readdirSync(join(REPO, '.github/workflows')).flatMap((f) => [...read(`.github/workflows/${f}`).matchAll(/node-version: *["']?([\d.]+)/g)].map((m) => m[1]));
    expect(versions.length).toBeGreaterThan(0);
    expect(versions.filter((v) => !satisfies(`${parse(v)[0]}.${Math.max(parse(v)[1], parse(readmeVersion!)[1])}.0`, pkg.engines.node))).toEqual([]);
  });

  it('every package of the dependency tree runs on the README’s version, so npm ci warns about no engine', () => {
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };
    const refusing = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && !Array.isArray(p.engines) && typeof p.engines?.node === 'string' && !satisfies(`${readmeVersion}.0`, p.engines.node))
      .map(([path, p]) => `${path}@${p.version} needs node ${(p.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });

  it('the range check reads engines ranges as npm does', () => {
    expect(satisfies('20.19.0', '^20.19.0 || >=22.12.0')).toBe(true);
    expect(satisfies('20.19.0', '>=22')).toBe(false);
    expect(satisfies('20.19.0', '20 || >=22')).toBe(true);
    expect(satisfies('20.19.0', '^20.20.0')).toBe(false);
    expect(satisfies('20.19.0', '>= 18')).toBe(true);
  });
});

describe('the README’s try-it block', () => {
  it('says npm start keeps serving, and quotes what it prints', () => {
    expect(prose).toContain('npm start # builds the demo catalog (with search), then keeps serving it on http://127.0.0.1:4321 until Ctrl-C');
    expect(prose).toContain(`\`npm start\` prints \`${servingMessage('http://127.0.0.1:4321/', '…/site/dist')}\``);
    expect(pkg.scripts.start).toMatch(/site\/scripts\/serve\.ts$/);
  });

  it('offers npm run dev, which rebuilds on change, and quotes what it prints', () => {
    expect(pkg.scripts.dev).toBe('tsx site/scripts/dev.ts');
    expect(prose).toContain(`\`npm run dev\` prints \`${DEV_MESSAGES.serving('http://127.0.0.1:4321/')}\``);
    expect(prose).toContain(`\`${DEV_MESSAGES.rebuilt('…')}\``);
  });
});

describe('containers', () => {
  it('no guide and no README line promises a container while the repository has no Dockerfile', () => {
    if (existsSync(join(REPO, 'Dockerfile'))) return;
    const docs = ['README.md', ...readdirSync(join(REPO, 'site/src/content/guides')).map((f) => `site/src/content/guides/${f}`)];
    expect(docs.filter((d) => /\bcontainer\b/i.test(read(d)))).toEqual([]);
  });
});
