import { mkdir, writeFile, access } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { DataContract } from '../core/kinds/data-contract.ts';
import type { DataProduct } from '../core/kinds/data-product.ts';
import type { Domain } from '../core/kinds/domain.ts';
import { loadMeshFromDirectory } from '../sources/directory.ts';
import { dump, scaffoldDomain, scaffoldGrant, scaffoldProduct } from '../core/scaffold.ts';
import { EXIT, UsageError, type CliIO } from './io.ts';

const HELP = `Usage:
  meshgate new domain ID --owner @org/team [--type source-aligned|aggregate|consumer-aligned] [--name NAME]
  meshgate new product ID --domain DOMAIN [--folder NAME]
  meshgate new grant --product ID --port NAME [--role ROLE] [--team @org/team] [--requested-by @login]
Options: --root DIR (default .), --force to overwrite.

Writes a valid starting point under catalog/ with TODO placeholders, and prints the paths.
A product comes with its first contract; a grant takes the first role its contract offers
unless --role names one.
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
  const files: { path: string; doc: object }[] = [];
  if (what === 'domain') {
    if (!id || !values.owner?.length) throw new UsageError('new domain needs an ID and at least one --owner');
    const type = values.type as Domain['type'] | undefined;
    if (type && !['source-aligned', 'aggregate', 'consumer-aligned'].includes(type)) throw new UsageError('--type must be source-aligned, aggregate or consumer-aligned');
    files.push(scaffoldDomain({ id, owners: values.owner, type, name: values.name }));
  } else if (what === 'product') {
    if (!id || !values.domain) throw new UsageError('new product needs an ID and --domain');
    const mesh = await loadMeshFromDirectory(root);
    const domain = mesh.byKind.Domain.get(values.domain);
    if (!domain) throw new UsageError(`domain "${values.domain}" does not exist; create it with \`meshgate new domain ${values.domain} --owner @org/team\``);
    const product = scaffoldProduct({ id, domain: values.domain, folder: values.folder, owner: (domain.doc as Domain).owners[0] });
    files.push(product, product.contract);
  } else if (what === 'grant') {
    if (!values.product || !values.port) throw new UsageError('new grant needs --product and --port');
    const mesh = await loadMeshFromDirectory(root);
    const product = mesh.byKind.DataProduct.get(values.product);
    if (!product) throw new UsageError(`data product "${values.product}" does not exist`);
    const port = (product.doc as DataProduct).outputPorts?.find((p) => p.name === values.port);
    if (!port) throw new UsageError(`data product "${values.product}" has no output port "${values.port}"`);
    const contract = port.contractId ? mesh.byKind.DataContract.get(port.contractId) : undefined;
    const role = values.role ?? (contract?.doc as DataContract | undefined)?.roles?.[0]?.role;
    if (!role) throw new UsageError(`the contract of port "${values.port}" offers no role; pass --role`);
    files.push(scaffoldGrant({ productFolder: dirname(product.file), dataProduct: product.id, outputPort: port.name, role, team: values.team, requestedBy: values['requested-by'] }));
  } else {
    throw new UsageError(`new takes domain, product or grant, not ${what === undefined ? 'nothing' : `"${what}"`}`);
  }
  for (const file of files) {
    const target = resolve(root, file.path);
    if (!values.force && (await exists(target))) {
      io.stderr.write(`meshgate new: ${file.path} already exists (use --force to overwrite)\n`);
      return EXIT.findings;
    }
  }
  for (const file of files) {
    const target = resolve(root, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, dump(file.doc));
    io.stdout.write(`created ${file.path}\n`);
  }
  io.stdout.write('Fill in the TODOs, run `npx meshgate validate`, then open a pull request.\n');
  return EXIT.ok;
}
