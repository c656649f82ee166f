/**
 * Docs as tests: every YAML example in the README and the site's guides is checked against the
 * demo mesh and its policies, as a reader would use it — added to the mesh (a whole entity), or
 * merged into the file it belongs to (a governance or contract fragment), with its placeholders
 * (TODO, your-…) replaced by plain values. A guide's examples go in together, so a product and its
 * contract are checked as a pair. An example that fits none of these shapes fails the test, so a
 * new one cannot slip past it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkMesh } from '../../bot/core/check.ts';
import { governanceFields } from '../../bot/core/kinds/governance.ts';
import { readDirectory } from '../../bot/sources/directory.ts';
import { isRecord } from '../../bot/core/shapes.ts';

const REPO = join(import.meta.dirname, '../..');
const GUIDES = 'site/src/content/guides';
const DOCS = ['README.md', ...readdirSync(join(REPO, GUIDES)).filter((f) => /\.mdx?$/.test(f)).map((f) => `${GUIDES}/${f}`)];
/** The demo contract a contract fragment (roles, …) of the docs is merged into: the README's accounts example. */
const FRAGMENT_CONTRACT = 'catalog/checkout/customer-accounts/customer-accounts-v1.contract.yaml';
const NOW = new Date('2026-12-05T12:00:00Z');

let demo: Map<string, string>;
beforeAll(async () => {
  demo = new Map();
  for (const file of await readDirectory(REPO, ['catalog', 'policies'])) if (file.content !== undefined) demo.set(file.path, String(file.content));
});

interface Example {
  doc: string;
  line: number;
  text: string;
}

function examples(doc: string): Example[] {
  const text = readFileSync(join(REPO, doc), 'utf8');
  return [...text.matchAll(/^```ya?ml[^\n]*\n([\s\S]*?)^```/gm)].map((m) => ({ doc, line: text.slice(0, m.index).split('\n').length + 1, text: m[1] }));
}

/** What a reader does with a template: plain values where the placeholders are, and one of the roles the comment offers. */
function filled(text: string): string {
  const offered = /^#\s+(\S+) \(/m.exec(text.slice(text.indexOf('Roles the contract offers')))?.[1];
  return text
    .replace(/^role: your-role$/m, `role: ${offered ?? 'your-role'}`)
    .replace(/TODO:[^"\n]*/g, 'Written by the reader: what this is for, in a plain sentence.')
    .replace(/your-([a-z0-9-]+)/g, 'acme-$1');
}

type Doc = Record<string, unknown>;

/** `base` with `patch` merged in: mappings key by key, lists of named items (role, name, property) item by item. */
function merge(base: unknown, patch: unknown): unknown {
  if (isRecord(base) && isRecord(patch)) {
    const out: Doc = { ...base };
    for (const [k, v] of Object.entries(patch)) out[k] = k in base ? merge(base[k], v) : v;
    return out;
  }
  if (Array.isArray(base) && Array.isArray(patch)) {
    const key = ['role', 'name', 'property'].find((k) => patch.every((item) => isRecord(item) && typeof item[k] === 'string'));
    if (!key) return patch;
    const out = [...base];
    for (const item of patch as Doc[]) {
      const at = out.findIndex((b) => isRecord(b) && b[key] === item[key]);
      if (at >= 0) out[at] = merge(out[at], item);
      else out.push(item);
    }
    return out;
  }
  return patch;
}

const dump = (doc: unknown) => jsYaml.dump(doc, { lineWidth: 120 });
const load = (text: string) => jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });

/** The mesh with one document's examples in it, and the files they touched. */
function withExamples(list: Example[]): { files: Map<string, string>; touched: Map<string, Example> } {
  const files = new Map(demo);
  const touched = new Map<string, Example>();
  const folderOf = (productId: string): string | undefined => {
    for (const [path, text] of files) if (path.endsWith('/product.yaml') && new RegExp(`^id: ${productId}$`, 'm').test(text)) return path.slice(0, -'/product.yaml'.length);
    return undefined;
  };
  const put = (path: string, text: string, example: Example) => {
    files.set(path, text);
    touched.set(path, example);
  };
  // Products first, so that contracts and grants of the same guide find their folder.
  const parsed = list.map((example) => ({ example, doc: load(filled(example.text)) }));
  parsed.sort((a, b) => Number(isRecord(b.doc) && b.doc.kind === 'DataProduct') - Number(isRecord(a.doc) && a.doc.kind === 'DataProduct'));
  for (const { example, doc } of parsed) {
    if (!isRecord(doc)) throw new Error(`${example.doc}:${example.line}: the example is not a YAML mapping`);
    const where = `${example.doc}:${example.line}`;
    const id = String(doc.id);
    switch (doc.kind) {
      case 'Policy':
        put(`policies/${id}.yaml`, filled(example.text), example);
        continue;
      case 'Domain':
        put(`catalog/${id}/domain.yaml`, filled(example.text), example);
        continue;
      case 'DataProduct':
        put(`catalog/${doc.domain}/${id.replace(`${doc.domain}-`, '')}/product.yaml`, filled(example.text), example);
        continue;
      case 'DataContract':
      case 'AccessGrant': {
        const folder = folderOf(String(doc.dataProduct));
        if (!folder) throw new Error(`${where}: data product "${doc.dataProduct}" is neither in the demo mesh nor in the same document`);
        put(doc.kind === 'DataContract' ? `${folder}/${id}.contract.yaml` : `${folder}/access/${id}.yaml`, filled(example.text), example);
        continue;
      }
      case undefined:
        break;
      default:
        throw new Error(`${where}: kind ${String(doc.kind)} has no place in the mesh`);
    }
    const keys = Object.keys(doc);
    if (keys.every((k) => Object.hasOwn(governanceFields, k))) {
      put('policies/governance.yaml', dump(merge(load(files.get('policies/governance.yaml')!), doc)), example);
    } else if (keys.every((k) => ['roles', 'schema', 'servers', 'slaProperties', 'support', 'quality'].includes(k))) {
      put(FRAGMENT_CONTRACT, dump(merge(load(files.get(FRAGMENT_CONTRACT)!), doc)), example);
    } else if (Object.values(doc).every((v) => Array.isArray(v) && v.every((m) => typeof m === 'string'))) {
      // A `meshgate review --team-members` file: team → logins. Its shape is all there is to check.
    } else {
      throw new Error(`${where}: an example that is neither an entity nor a fragment of one (keys ${keys.join(', ')}); teach this test where it belongs`);
    }
  }
  return { files, touched };
}

describe('the YAML examples of the README and the guides, on the demo mesh', () => {
  it('there are examples in every guide that has code', () => {
    expect(DOCS.flatMap(examples).length).toBeGreaterThan(10);
  });

  for (const doc of DOCS) {
    it(`${doc}: every example passes validate once its placeholders are filled in`, () => {
      const list = examples(doc);
      const { files, touched } = withExamples(list);
      const { findings } = checkMesh([...files].map(([path, content]) => ({ path, content })), { now: NOW });
      const problems = findings
        .filter((f) => f.severity === 'error' && (touched.has(f.file) || f.code === 'policy.invalid'))
        .map((f) => `${touched.get(f.file)?.doc ?? f.file}:${touched.get(f.file)?.line ?? f.line} (${f.file}:${f.line}) ${f.code} ${f.message}`);
      expect(problems).toEqual([]);
    });
  }
});
