import { mkdir, writeFile, access, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDocument } from 'yaml';
import type { DataContract } from '../core/kinds/data-contract.ts';
import type { DataProduct } from '../core/kinds/data-product.ts';
import type { Domain } from '../core/kinds/domain.ts';
import { loadMesh } from '../core/load/mesh.ts';
import { latestEndDate } from '../core/requests/end-date.ts';
import { readDirectory } from '../sources/directory.ts';
import { contractIdFor, dump, outputPortFor, scaffoldContract, scaffoldDomain, scaffoldGrant, scaffoldProduct } from '../core/scaffold.ts';
import { meetPolicies, type ScaffoldFile } from '../core/scaffold-policies.ts';
import { EXIT, UsageError, type CliIO } from './io.ts';

const HELP = `Usage:
  meshgate new domain ID --owner @org/team [--type source-aligned|aggregate|consumer-aligned] [--name NAME]
  meshgate new product ID --domain DOMAIN [--folder NAME]
  meshgate new contract NAME --product ID
  meshgate new grant --product ID --port NAME [--role ROLE] [--team @org/team] [--for PRODUCT] [--requested-by @login]
Options: --root DIR (default .), --force to overwrite.

Writes a starting point under catalog/ that carries every field the mesh's policies (policies/)
require, with TODO and your-… placeholders for what only you know, and prints the paths.
Placeholders are errors until replaced. A product comes with its first contract; a contract
(id <domain>-<NAME>-v1) is added next to its product, and the product gets an output port
serving it. A grant takes the first role its contract offers unless --role names one; --for
names the data product of yours that consumes it.
`;

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      owner: { type: 'string', multiple: true },
      type: { type: 'string' },
      name: { type: 'string' },
      domain: { type: 'string' },
      folder: { type: 'string' },
      product: { type: 'string' },
      port: { type: 'string' },
      role: { type: 'string' },
      team: { type: 'string' },
      for: { type: 'string' },
      'requested-by': { type: 'string' },
      root: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const [what, id] = positionals;
  const root = resolve(io.cwd, values.root ?? '.');
  const meshFiles = await readDirectory(root);
  const mesh = loadMesh(meshFiles);
  let files: ScaffoldFile[] = [];
  /** An existing product file gaining an output port for a new contract (`new contract`). */
  let portFor: { path: string; port: ReturnType<typeof outputPortFor> } | undefined;
  if (what === 'domain') {
    if (!id || !values.owner?.length) throw new UsageError('new domain needs an ID and at least one --owner');
    const type = values.type as Domain['type'] | undefined;
    if (type && !['source-aligned', 'aggregate', 'consumer-aligned'].includes(type)) throw new UsageError('--type must be source-aligned, aggregate or consumer-aligned');
    files.push(scaffoldDomain({ id, owners: values.owner, type, name: values.name }));
  } else if (what === 'product') {
    if (!id || !values.domain) throw new UsageError('new product needs an ID and --domain');
    const domain = mesh.byKind.Domain.get(values.domain);
    if (!domain) throw new UsageError(`domain "${values.domain}" does not exist; create it with \`meshgate new domain ${values.domain} --owner @org/team\``);
    const product = scaffoldProduct({ id, domain: values.domain, folder: values.folder, owner: (domain.doc as Domain).owners?.[0] });
    files.push({ path: product.path, doc: product.doc }, product.contract);
  } else if (what === 'contract') {
    if (!id || !values.product) throw new UsageError('new contract needs a NAME and --product');
    const product = mesh.byKind.DataProduct.get(values.product);
    if (!product || product.domain === undefined) throw new UsageError(`data product "${values.product}" does not exist`);
    const domain = mesh.byKind.Domain.get(product.domain);
    const contractId = contractIdFor(product.domain, id);
    const contract = scaffoldContract({ id: contractId, domain: product.domain, dataProduct: product.id, table: id, owner: (domain?.doc as Domain | undefined)?.owners?.[0], folder: dirname(product.file) });
    files.push(contract);
    const ports = (product.doc as DataProduct).outputPorts ?? [];
    if (!ports.some((p) => p?.contractId === contractId)) portFor = { path: product.file, port: outputPortFor(id, contractId) };
  } else if (what === 'grant') {
    if (!values.product || !values.port) throw new UsageError('new grant needs --product and --port');
    const product = mesh.byKind.DataProduct.get(values.product);
    if (!product) throw new UsageError(`data product "${values.product}" does not exist`);
    const port = (product.doc as DataProduct).outputPorts?.find((p) => p.name === values.port);
    if (!port) throw new UsageError(`data product "${values.product}" has no output port "${values.port}"`);
    const contract = port.contractId ? mesh.byKind.DataContract.get(port.contractId) : undefined;
    const role = values.role ?? (contract?.doc as DataContract | undefined)?.roles?.[0]?.role;
    if (!role) throw new UsageError(`the contract of port "${values.port}" offers no role; pass --role`);
    const consumer = values.for === undefined ? undefined : mesh.byKind.DataProduct.get(values.for);
    if (values.for !== undefined && !consumer) throw new UsageError(`data product "${values.for}" (--for) does not exist`);
    const grant = scaffoldGrant({
        productFolder: dirname(product.file),
        dataProduct: product.id,
        outputPort: port.name,
        role,
        team: values.team ?? teamOf(consumer?.doc as DataProduct | undefined, consumer?.domain === undefined ? undefined : (mesh.byKind.Domain.get(consumer.domain)?.doc as Domain | undefined)),
        consumer: consumer ? { domain: consumer.domain, dataProduct: consumer.id } : undefined,
        requestedBy: values['requested-by'],
      });
    // The latest end date the mesh's policies and governance allow, as the catalog's Request access does.
    const today = new Date().toISOString().slice(0, 10);
    const until = latestEndDate(mesh, grant.doc, grant.path, today);
    files.push(until ? { ...grant, doc: { ...grant.doc, validUntil: until } } : grant);
  } else {
    throw new UsageError(`new takes domain, product, contract or grant, not ${what === undefined ? 'nothing' : `"${what}"`}`);
  }
  for (const file of files) {
    const target = resolve(root, file.path);
    if (!values.force && (await exists(target))) {
      io.stderr.write(`meshgate new: ${file.path} already exists (use --force to overwrite)\n`);
      return EXIT.findings;
    }
  }
  // The product's new output port counts for the policies too (a contract served by no port is judged with its product).
  const productText = portFor ? addOutputPort(await readFile(resolve(root, portFor.path), 'utf8'), portFor.port) : undefined;
  const inMesh = portFor && productText !== undefined ? meshFiles.map((f) => (f.path === portFor.path ? { path: f.path, content: productText } : f)) : meshFiles;
  files = meetPolicies(inMesh, files, { dump });
  for (const file of files) {
    const target = resolve(root, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, dump(file.doc));
    io.stdout.write(`created ${file.path}\n`);
  }
  if (portFor && productText !== undefined) {
    await writeFile(resolve(root, portFor.path), productText);
    io.stdout.write(`updated ${portFor.path} (output port "${portFor.port.name}" serves ${portFor.port.contractId})\n`);
  }
  io.stdout.write('Replace every TODO and your-… value (each is an error until you do), run `npx meshgate validate`, then open a pull request.\n');
  return EXIT.ok;
}

/** The consuming product's team as a GitHub team, `@org/<team.name>`, the org taken from its domain's owners. */
function teamOf(product: DataProduct | undefined, domain: Domain | undefined): string | undefined {
  if (!product?.team?.name) return undefined;
  const org = (domain?.owners ?? []).map((o) => /^@([^/]+)\//.exec(o)?.[1]).find(Boolean) ?? 'your-org';
  return `@${org}/${product.team.name}`;
}

/** The product file's text with one more output port, comments and layout kept. */
function addOutputPort(text: string, port: object): string {
  const doc = parseDocument(text);
  const ports = doc.get('outputPorts');
  if (ports && typeof ports === 'object' && 'add' in ports) (ports as { add: (v: unknown) => void }).add(doc.createNode(port));
  else doc.set('outputPorts', [port]);
  return doc.toString({ lineWidth: 0 });
}
