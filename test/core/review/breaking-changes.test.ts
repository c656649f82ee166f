import { beforeEach, describe, expect, it } from 'vitest';
import type { DataContract } from '../../../bot/core/kinds/data-contract.ts';
import type { AccessGrant } from '../../../bot/core/kinds/access-grant.ts';
import type { DataProduct } from '../../../bot/core/kinds/data-product.ts';
import type { Entity } from '../../../bot/core/model.ts';
import {
  activeGrantsOf,
  breakingWithoutMajorFinding,
  compareContracts,
  findBreakingChanges,
  majorVersion,
} from '../../../bot/core/review/breaking-changes.ts';

function baseContract(): DataContract {
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'orders-v1',
    version: '1.2.0',
    status: 'active',
    name: 'Orders',
    domain: 'checkout',
    schema: [
      {
        name: 'orders',
        physicalName: 'orders_tbl',
        physicalType: 'table',
        quality: [{ id: 'orders-rows', metric: 'rowCount', mustBeGreaterThan: 0 }],
        properties: [
          { name: 'order_id', logicalType: 'string', physicalType: 'VARCHAR(36)', required: true, primaryKey: true, unique: true },
          {
            name: 'status',
            logicalType: 'string',
            physicalType: 'VARCHAR(16)',
            logicalTypeOptions: { maxLength: 16, enum: ['open', 'paid', 'shipped'] },
            quality: [{ metric: 'invalidValues', arguments: { validValues: ['open', 'paid', 'shipped'] }, mustBe: 0 }],
          },
          { name: 'amount_cents', logicalType: 'integer', physicalType: 'BIGINT', logicalTypeOptions: { minimum: 0, maximum: 100000000 } },
          { name: 'customer_email', logicalType: 'string', physicalType: 'VARCHAR(255)', classification: 'restricted' },
          { name: 'placed_at', logicalType: 'timestamp', physicalType: 'TIMESTAMP', logicalTypeOptions: { minimum: '2020-01-01T00:00:00Z' } },
          { name: 'note', logicalType: 'string', physicalType: 'TEXT', description: 'free text' },
          { name: 'lines', logicalType: 'array', items: { name: 'line', logicalType: 'object', properties: [{ name: 'sku', logicalType: 'string' }] } },
        ],
      },
      { name: 'refunds', properties: [{ name: 'refund_id', logicalType: 'string' }] },
    ],
    roles: [
      { role: 'analyst', access: 'read', firstLevelApprovers: '@checkout-lead' },
      { role: 'ml', access: 'read', firstLevelApprovers: '@checkout-lead' },
    ],
    servers: [{ server: 'prod', type: 'postgres', host: 'db.internal', database: 'shop' }],
    slaProperties: [
      { property: 'latency', value: 4, unit: 'h' },
      { property: 'availability', value: '99.9%' },
      { property: 'retention', value: 3, unit: 'y' },
      { property: 'frequency', value: 1, unit: 'd' },
      { property: 'timeOfAvailability', value: '06:00' },
    ],
  };
}

let head: DataContract;
const base = baseContract();
const orders = () => head.schema![0];
const prop = (name: string) => orders().properties!.find((p) => p.name === name)!;

beforeEach(() => {
  head = structuredClone(base);
});

function reasons(): string[] {
  return compareContracts(base, head).map((d) => `${d.severity}: ${d.reason}`);
}

describe('compareContracts', () => {
  it('finds nothing when the contract is unchanged', () => {
    expect(compareContracts(base, head)).toEqual([]);
  });

  describe('non-breaking changes', () => {
    it('accepts an added optional property', () => {
      orders().properties!.push({ name: 'coupon', logicalType: 'string' });
      expect(reasons()).toEqual([]);
    });
    it('accepts changed descriptions, tags and examples', () => {
      prop('note').description = 'free text from the customer';
      prop('note').tags = ['pii'];
      prop('note').examples = ['leave at the door'];
      head.tags = ['core'];
      expect(reasons()).toEqual([]);
    });
    it('accepts an added schema object', () => {
      head.schema!.push({ name: 'payments', properties: [] });
      expect(reasons()).toEqual([]);
    });
    it('accepts a loosened bound', () => {
      prop('amount_cents').logicalTypeOptions = { minimum: -100, maximum: 100000000 };
      expect(reasons()).toEqual([]);
    });
    it('accepts a stronger SLA', () => {
      head.slaProperties![0].value = 1;
      head.slaProperties![1].value = '99.99%';
      expect(reasons()).toEqual([]);
    });
    it('accepts a classification made stricter', () => {
      prop('note').classification = 'restricted';
      prop('customer_email').classification = 'secret';
      expect(reasons()).toEqual([]);
    });
    it('accepts reordered properties', () => {
      orders().properties!.reverse();
      expect(reasons()).toEqual([]);
    });
    it('reads physical types case- and space-insensitively', () => {
      prop('order_id').physicalType = 'varchar( 36 )';
      expect(reasons()).toEqual([]);
    });
  });

  describe('removals and renames', () => {
    it('flags a removed property', () => {
      orders().properties = orders().properties!.filter((p) => p.name !== 'note');
      expect(reasons()).toEqual(['error: property `orders.note` removed: consumers reading it break']);
    });
    it('places a removed property in the base contract and annotates its head parent list', () => {
      orders().properties = orders().properties!.filter((p) => p.name !== 'note');
      const [d] = compareContracts(base, head);
      expect(d).toMatchObject({ side: 'base', path: '/schema/0/properties/5', headPath: '/schema/0/properties' });
    });
    it('flags a removed schema object', () => {
      head.schema!.pop();
      expect(reasons()).toEqual(['error: schema object `refunds` removed: consumers reading it lose it']);
    });
    it('flags a renamed property matched by its stable id', () => {
      const b = baseContract();
      b.schema![0].properties![5].id = 'p-note';
      head = structuredClone(b);
      prop('note').name = 'remark';
      expect(compareContracts(b, head).map((d) => d.reason)).toEqual([
        'property `orders.note` renamed to `orders.remark`: consumers reading the old name break',
      ]);
    });
    it('flags a renamed property without ids when its definition is otherwise unchanged', () => {
      prop('note').name = 'remark';
      expect(reasons()).toEqual(['error: property `orders.note` renamed to `orders.remark`: consumers reading the old name break']);
    });
    it('flags a renamed schema object', () => {
      head.schema![1].name = 'returns';
      expect(reasons()).toEqual(['error: schema object `refunds` renamed to `returns`: consumers addressing it by its old name break']);
    });
    it('flags a removed nested property inside array items', () => {
      prop('lines').items!.properties = [];
      expect(reasons()).toEqual(['error: property `orders.lines[].sku` removed: consumers reading it break']);
    });
    it('flags a changed physicalName', () => {
      orders().physicalName = 'orders_v2';
      expect(reasons()).toEqual(['error: physicalName of `orders` changed from `orders_tbl` to `orders_v2`: queries against the old name break']);
    });
  });

  describe('types and constraints', () => {
    it('flags a changed logicalType', () => {
      prop('amount_cents').logicalType = 'number';
      expect(reasons()).toEqual(['error: logicalType of `orders.amount_cents` changed from integer to number']);
    });
    it('flags a changed physicalType', () => {
      prop('order_id').physicalType = 'UUID';
      expect(reasons()).toEqual(['error: physicalType of `orders.order_id` changed from VARCHAR(36) to UUID']);
    });
    it('flags required turned from false to true', () => {
      prop('note').required = true;
      expect(reasons()).toEqual([
        'error: `orders.note` is now required (was optional): existing rows with nulls and producers that omit it no longer conform',
      ]);
    });
    it('warns when required is dropped', () => {
      prop('order_id').required = false;
      expect(reasons()).toEqual(['warning: `orders.order_id` is no longer required: consumers that assumed non-null values may break']);
    });
    it('flags unique added', () => {
      prop('note').unique = true;
      expect(reasons()).toEqual(['error: `orders.note` is now unique: existing duplicate values no longer conform']);
    });
    it('flags primaryKey added', () => {
      prop('note').primaryKey = true;
      expect(reasons()).toEqual([
        'error: `orders.note` is now part of the primary key: existing rows may no longer conform and joins change grain',
      ]);
    });
    it('warns on an added required property', () => {
      orders().properties!.push({ name: 'channel', logicalType: 'string', required: true });
      expect(reasons()).toEqual([
        'warning: required property `orders.channel` added: consumers that write this dataset or validate it against a closed schema must now supply it',
      ]);
    });
  });

  describe('bounds', () => {
    it('flags a lowered maximum', () => {
      prop('amount_cents').logicalTypeOptions!.maximum = 1000;
      expect(reasons()).toEqual(['error: maximum of `orders.amount_cents` lowered from 100000000 to 1000: values in between no longer conform']);
    });
    it('flags a raised minimum', () => {
      prop('amount_cents').logicalTypeOptions!.minimum = 1;
      expect(reasons()).toEqual(['error: minimum of `orders.amount_cents` raised from 0 to 1: values in between no longer conform']);
    });
    it('flags a lowered maxLength', () => {
      prop('status').logicalTypeOptions!.maxLength = 8;
      expect(reasons()).toEqual(['error: maxLength of `orders.status` lowered from 16 to 8: values in between no longer conform']);
    });
    it('flags a new minLength', () => {
      prop('note').logicalTypeOptions = { minLength: 3 };
      expect(reasons()).toEqual(['error: `orders.note` gained minLength 3: smaller values no longer conform']);
    });
    it('flags a new pattern', () => {
      prop('order_id').logicalTypeOptions = { pattern: '^[0-9a-f-]{36}$' };
      expect(reasons()).toEqual(['error: `orders.order_id` gained pattern `^[0-9a-f-]{36}$`: values valid before may no longer conform']);
    });
    it('flags a later minimum timestamp, comparing instants', () => {
      prop('placed_at').logicalTypeOptions!.minimum = '2021-01-01T00:00:00Z';
      expect(reasons()).toEqual([
        'error: minimum of `orders.placed_at` raised from `2020-01-01T00:00:00Z` to `2021-01-01T00:00:00Z`: values in between no longer conform',
      ]);
    });
    it('flags enum values removed from logicalTypeOptions', () => {
      prop('status').logicalTypeOptions!.enum = ['open', 'paid'];
      prop('status').quality![0].arguments = { validValues: ['open', 'paid', 'shipped'] };
      expect(reasons()).toEqual(['error: allowed values of `orders.status` no longer include `shipped`: consumers matching on them break']);
    });
    it('flags valid values removed from a quality rule', () => {
      prop('status').quality![0].arguments = { validValues: ['open'] };
      prop('status').logicalTypeOptions!.enum = ['open', 'paid', 'shipped'];
      expect(reasons()).toContain('error: allowed values of `orders.status` no longer include `paid`, `shipped`: consumers matching on them break');
    });
  });

  describe('classification', () => {
    it('flags a classification made more open', () => {
      prop('customer_email').classification = 'public';
      expect(reasons()).toEqual([
        'error: classification of `orders.customer_email` opened from `restricted` to `public`: data approved for restricted handling becomes more widely available',
      ]);
    });
    it('flags a removed classification', () => {
      delete prop('customer_email').classification;
      expect(reasons()).toEqual([
        'error: classification `restricted` removed from `orders.customer_email`: the data would be treated as unclassified, more open than before',
      ]);
    });
    it('treats a change to an unknown classification level conservatively', () => {
      prop('customer_email').classification = '3';
      expect(reasons()).toEqual([
        'error: classification of `orders.customer_email` changed from `restricted` to `3`: the levels cannot be ordered, so the change is treated as more open',
      ]);
    });
    it('treats a change from a classification named like an Object method as unordered', () => {
      const b = structuredClone(head);
      b.schema![0].properties!.find((p) => p.name === 'customer_email')!.classification = 'constructor';
      prop('customer_email').classification = 'public';
      expect(compareContracts(b, head).map((d) => d.reason)).toEqual([
        'classification of `orders.customer_email` changed from `constructor` to `public`: the levels cannot be ordered, so the change is treated as more open',
      ]);
    });
  });

  describe('SLA', () => {
    it('flags a higher latency, converting units', () => {
      head.slaProperties![0] = { property: 'latency', value: 1, unit: 'd' };
      expect(reasons()).toEqual(['error: SLA `latency` weakened from 4 h to 1 d: data arrives later']);
    });
    it('accepts the same latency in other units', () => {
      head.slaProperties![0] = { property: 'latency', value: 240, unit: 'min' };
      expect(reasons()).toEqual([]);
    });
    it('flags a lower availability', () => {
      head.slaProperties![1].value = '99%';
      expect(reasons()).toEqual(['error: SLA `availability` weakened from `99.9%` to `99%`: the data is available less of the time']);
    });
    it('flags a shorter retention', () => {
      head.slaProperties![2].value = 1;
      expect(reasons()).toEqual(['error: SLA `retention` weakened from 3 y to 1 y: history is kept for less time']);
    });
    it('flags a less frequent update', () => {
      head.slaProperties![3].unit = 'w';
      expect(reasons()).toEqual(['error: SLA `frequency` weakened from 1 d to 1 w: data is updated less often']);
    });
    it('flags a later time of availability', () => {
      head.slaProperties![4].value = '09:30';
      expect(reasons()).toEqual(['error: SLA `timeOfAvailability` weakened from `06:00` to `09:30`: data is ready later in the day']);
    });
    it('flags a removed SLA property', () => {
      head.slaProperties!.splice(2, 1);
      expect(reasons()).toEqual(['error: SLA `retention` (3 y) removed: consumers lose the guarantee']);
    });
    it('warns on a changed SLA property named like an Object method instead of crashing', () => {
      const b = structuredClone(head);
      b.slaProperties!.push({ property: 'constructor', value: 1 });
      head.slaProperties!.push({ property: 'constructor', value: 2 });
      expect(compareContracts(b, head).map((d) => d.severity)).toEqual(['warning']);
    });
    it('reads an SLA unit left empty (null) as no unit instead of crashing', () => {
      const b = structuredClone(head);
      (b.slaProperties![0] as { unit: unknown }).unit = null;
      head.slaProperties![0] = { property: 'latency', value: 5, unit: null as never };
      expect(compareContracts(b, head).map((d) => d.reason)).toEqual(['SLA `latency` weakened from 4 to 5: data arrives later']);
    });
    it('treats a latency in a unit named like an Object method as not comparable', () => {
      const b = structuredClone(head);
      b.slaProperties![0].unit = 'constructor';
      head.slaProperties![0] = { property: 'latency', value: 40, unit: 'constructor' };
      expect(compareContracts(b, head).map((d) => d.reason)).toEqual([
        'SLA `latency` changed from 4 constructor to 40 constructor and the values cannot be compared, so it is treated as weakened',
      ]);
    });
    it('warns on a changed SLA property it cannot order', () => {
      head.slaProperties!.push({ property: 'support', value: 'business hours' });
      const b = structuredClone(head);
      head.slaProperties![5].value = 'best effort';
      expect(compareContracts(b, head).map((d) => d.severity)).toEqual(['warning']);
    });
  });

  describe('lifecycle', () => {
    it('flags a retired contract', () => {
      head.status = 'retired';
      expect(reasons()).toEqual(['error: status changed from active to retired: consumers lose the data']);
    });
    it('warns on a deprecated contract', () => {
      head.status = 'deprecated';
      expect(reasons()).toEqual(['warning: status changed from active to deprecated: consumers should plan to move']);
    });
  });

  describe('quality, roles and servers', () => {
    it('warns when a quality rule is removed', () => {
      orders().quality = [];
      expect(reasons()).toEqual(['warning: quality rule `orders-rows` on `orders` removed: consumers lose a guarantee they may rely on']);
    });
    it('flags a removed role', () => {
      head.roles!.pop();
      expect(reasons()).toEqual(['error: role `ml` removed: grants under it lose their access role']);
    });
    it('flags a removed server', () => {
      head.servers = [];
      expect(reasons()).toEqual(['error: server `prod` removed: consumers connected to it lose access']);
    });
    it('flags a moved server', () => {
      head.servers![0].host = 'db2.internal';
      expect(reasons()).toEqual(['error: host of server `prod` changed from `db.internal` to `db2.internal`: consumers connected to it must reconfigure']);
    });
  });
});

describe('findBreakingChanges', () => {
  const entity = <K extends 'DataContract' | 'DataProduct' | 'AccessGrant'>(kind: K, doc: any, file: string): Entity<K> =>
    ({ kind, id: doc.id, apiVersion: doc.apiVersion, file, doc, valid: true, domain: 'checkout' }) as Entity<K>;
  const product: DataProduct = {
    apiVersion: 'v1.0.0', kind: 'DataProduct', id: 'orders', status: 'active', domain: 'checkout',
    outputPorts: [{ name: 'orders-table', version: '1.0.0', contractId: 'orders-v1' }],
  };
  const grant = (id: string, role: string, validUntil: string, team = '@acme/marketing'): Entity<'AccessGrant'> =>
    entity('AccessGrant', {
      apiVersion: 'meshgate/v1', kind: 'AccessGrant', id, consumer: { team }, dataProduct: 'orders', outputPort: 'orders-table', role,
      purpose: 'campaign attribution', requestedBy: '@bob', validUntil,
    } satisfies AccessGrant, `catalog/checkout/orders/access/${id}.yaml`);
  const products = new Map([['orders', entity('DataProduct', product, 'catalog/checkout/orders/product.yaml')]]);
  const grants = [grant('mkt', 'analyst', '2027-06-30'), grant('ml', 'ml', '2027-01-31', '@acme/ml'), grant('old', 'analyst', '2026-01-01')];
  const now = new Date('2026-11-24T12:00:00Z');
  const file = 'catalog/checkout/orders/orders-v1.contract.yaml';

  it('lists the active grants of the contract and skips expired ones', () => {
    expect(activeGrantsOf('orders-v1', grants, products, now).map((g) => g.id)).toEqual(['mkt', 'ml']);
  });

  it('ties every breaking change to the active grants', () => {
    prop('note').required = true;
    const [c] = findBreakingChanges(entity('DataContract', base, file), entity('DataContract', head, file), { grants, products, now });
    expect(c.affectedGrants).toEqual([
      { id: 'mkt', file: 'catalog/checkout/orders/access/mkt.yaml', team: '@acme/marketing', dataProduct: undefined, validUntil: '2027-06-30' },
      { id: 'ml', file: 'catalog/checkout/orders/access/ml.yaml', team: '@acme/ml', dataProduct: undefined, validUntil: '2027-01-31' },
    ]);
  });

  it('ties a removed role only to the grants under that role', () => {
    head.roles!.pop();
    const [c] = findBreakingChanges(entity('DataContract', base, file), entity('DataContract', head, file), { grants, products, now });
    expect(c.affectedGrants.map((g) => g.id)).toEqual(['ml']);
  });

  it('places each change with the locator, removals at their former parent in the head', () => {
    prop('note').required = true;
    orders().properties = orders().properties!.filter((p) => p.name !== 'lines');
    const seen: string[] = [];
    const changes = findBreakingChanges(entity('DataContract', base, file), entity('DataContract', head, file), {
      locate: (_f, path) => (seen.push(path), { line: 10, column: 3 }),
    });
    expect(seen).toEqual(['/schema/0/properties', '/schema/0/properties/5/required']);
    expect(changes.every((c) => c.file === file && c.line === 10)).toBe(true);
  });

  describe('the major version rule', () => {
    const check = (version: string) => {
      prop('note').required = true;
      head.version = version;
      const b = entity('DataContract', base, file);
      const h = entity('DataContract', head, file);
      return breakingWithoutMajorFinding(b, h, findBreakingChanges(b, h, { grants, products, now }));
    };
    it('is an error when a breaking change ships in a minor version', () => {
      expect(check('1.3.0')).toMatchObject({
        severity: 'error',
        code: 'contract.breaking-without-major',
        path: '/version',
        message:
          'contract `orders-v1` has 1 breaking change but its version goes from `1.2.0` to `1.3.0` without a major bump. It affects @acme/marketing, @acme/ml.',
        hint: 'set version to 2.0.0 and tell the consumers, or make the change backward compatible',
      });
    });
    it('says when the version did not move at all', () => {
      expect(check('1.2.0')?.message).toBe(
        'contract `orders-v1` has 1 breaking change but keeps version `1.2.0` without a major bump. It affects @acme/marketing, @acme/ml.',
      );
    });
    it('is satisfied by a major bump', () => {
      expect(check('2.0.0')).toBeUndefined();
    });
    it('is not raised for warnings only', () => {
      orders().quality = [];
      const b = entity('DataContract', base, file);
      const h = entity('DataContract', head, file);
      expect(breakingWithoutMajorFinding(b, h, findBreakingChanges(b, h))).toBeUndefined();
    });
    it('reads majors with a v prefix and rejects non-semver versions', () => {
      expect(majorVersion('v3.1.0')).toBe(3);
      expect(majorVersion('2')).toBe(2);
      expect(majorVersion('latest')).toBeUndefined();
    });
  });
});
