import { beforeEach, describe, expect, it } from 'vitest';
import type { DataContract } from '../../../bot/core/kinds/data-contract.ts';
import type { DataProduct } from '../../../bot/core/kinds/data-product.ts';
import { checkContractSemantics, checkProductSemantics } from '../../../bot/core/validate/contract-semantics.ts';

/** A small contract that has no semantic issue; each test changes one thing. */
function validContract(): DataContract {
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'orders-v1',
    version: '1.0.0',
    status: 'active',
    domain: 'checkout',
    schema: [
      {
        id: 'orders_obj',
        name: 'orders',
        physicalName: 'orders_v1',
        relationships: [{ type: 'foreignKey', from: ['orders.customer_id', 'orders.country'], to: ['customers.id', 'customers.country'] }],
        properties: [
          { id: 'order_id', name: 'order_id', logicalType: 'string', primaryKey: true, primaryKeyPosition: 1 },
          { id: 'customer_id', name: 'customer_id', logicalType: 'string', relationships: [{ to: 'customers.id' }] },
          { name: 'country', logicalType: 'string', primaryKeyPosition: -1 },
          {
            name: 'lines',
            logicalType: 'array',
            items: { name: 'line', logicalType: 'object', properties: [{ name: 'sku', logicalType: 'string' }, { name: 'quantity', logicalType: 'integer' }] },
          },
          { name: 'total_cents', logicalType: 'integer', logicalTypeOptions: { minimum: 0, maximum: 10_000_000 } },
        ],
        quality: [{ metric: 'rowCount', mustBeBetween: [1, 1_000_000] }],
      },
      {
        id: 'customers_obj',
        name: 'customers',
        properties: [
          { id: 'customer_pk', name: 'id', logicalType: 'string', primaryKey: true, primaryKeyPosition: 1 },
          { name: 'country', logicalType: 'string', primaryKey: true, primaryKeyPosition: 2 },
        ],
      },
    ],
    roles: [{ role: 'analyst-read', access: 'read', firstLevelApprovers: '@acme/checkout' }],
    slaDefaultElement: 'orders.order_id',
    slaProperties: [
      { property: 'latency', value: 4, unit: 'h', element: 'orders.order_id' },
      { property: 'retention', value: 3, unit: 'y', element: 'orders_v1' },
    ],
    price: { priceAmount: 0, priceCurrency: 'EUR', priceUnit: 'megabyte' },
  };
}

const codes = (contract: DataContract) => checkContractSemantics(contract).map((i) => `${i.severity} ${i.code} ${i.path}`);

let contract: DataContract;
beforeEach(() => {
  contract = validContract();
});
const orders = () => contract.schema![0];
const customers = () => contract.schema![1];

describe('checkContractSemantics', () => {
  it('finds nothing wrong with a consistent contract', () => {
    expect(checkContractSemantics(contract)).toEqual([]);
  });

  it('rejects a blank contract id', () => {
    contract.id = '  ';
    expect(codes(contract)).toEqual(['error contract.blank-id /id']);
  });

  it('rejects two schema objects of the same name, at the second one', () => {
    customers().name = 'orders';
    expect(codes(contract)).toContain('error contract.duplicate-object /schema/1/name');
  });

  it('says where the first object of that name is and what to do', () => {
    customers().name = 'orders';
    const issue = checkContractSemantics(contract).find((i) => i.code === 'contract.duplicate-object');
    expect(issue?.message).toBe('schema object "orders" is defined twice (schema[0] and schema[1])');
    expect(issue?.hint).toMatch(/merge the two objects or rename one/);
  });

  it('rejects two properties of the same name in one object', () => {
    orders().properties![4].name = 'order_id';
    expect(codes(contract)).toEqual(['error contract.duplicate-property /schema/0/properties/4/name']);
  });

  it('rejects duplicate property names inside an array item', () => {
    orders().properties![3].items!.properties![1].name = 'sku';
    expect(codes(contract)).toEqual(['error contract.duplicate-property /schema/0/properties/3/items/properties/1/name']);
  });

  it('allows the same property name in different objects', () => {
    expect(customers().properties![1].name).toBe(orders().properties![2].name);
    expect(checkContractSemantics(contract)).toEqual([]);
  });

  it('rejects a blank property name', () => {
    orders().properties![0].name = '';
    expect(codes(contract)).toContain('error contract.blank-name /schema/0/properties/0/name');
  });

  it('rejects two ids that are the same within one list', () => {
    orders().properties![1].id = 'order_id';
    expect(codes(contract)).toEqual(['error contract.duplicate-id /schema/0/properties/1/id']);
  });

  it('does not treat values inside examples as ids', () => {
    orders().properties![0].examples = [{ id: 1 }, { id: 1 }];
    expect(checkContractSemantics(contract)).toEqual([]);
  });

  it('rejects two roles of the same name, since grants ask for a role by name', () => {
    contract.roles!.push({ role: 'analyst-read', access: 'write' });
    expect(codes(contract)).toEqual(['error contract.duplicate-role /roles/1/role']);
  });

  it('rejects two properties at the same primary key position', () => {
    customers().properties![1].primaryKeyPosition = 1;
    expect(codes(contract)).toEqual(['error contract.primary-key-position /schema/1/properties/1/primaryKeyPosition']);
  });

  it('allows several properties at the "not a key" position -1', () => {
    orders().properties![1].primaryKeyPosition = -1;
    expect(checkContractSemantics(contract)).toEqual([]);
  });

  it('rejects two properties at the same partition key position', () => {
    orders().properties![0].partitionKeyPosition = 1;
    orders().properties![2].partitionKeyPosition = 1;
    expect(codes(contract)).toEqual(['error contract.partition-key-position /schema/0/properties/2/partitionKeyPosition']);
  });

  it('warns (does not fail) on a property-level relationship to a property the target object lacks', () => {
    orders().properties![1].relationships![0].to = 'customers.customer_id';
    expect(codes(contract)).toEqual(['warning contract.relationship-target /schema/0/properties/1/relationships/0/to']);
  });

  it('lists the existing properties when a relationship target is missing', () => {
    orders().properties![1].relationships![0].to = 'customers.region';
    const [issue] = checkContractSemantics(contract);
    expect(issue.message).toBe('relationship target "customers.region": schema object "customers" has no property named "region"');
    expect(issue.hint).toBe('existing properties: id, country');
  });

  it('suggests the one property whose name the missing name contains', () => {
    orders().properties![1].relationships![0].to = 'customers.customer_country';
    const [issue] = checkContractSemantics(contract);
    expect(issue.hint).toBe('did you mean "customers.country"? existing properties: id, country');
  });

  it('warns (does not fail) on a relationship to an object this contract does not define', () => {
    orders().properties![1].relationships![0].to = 'accounts.id';
    expect(codes(contract)).toEqual(['warning contract.relationship-object /schema/0/properties/1/relationships/0/to']);
  });

  it('checks every element of a composite schema-level relationship', () => {
    orders().relationships![0].to = ['customers.id', 'customers.region'];
    expect(codes(contract)).toEqual(['warning contract.relationship-target /schema/0/relationships/0/to/1']);
  });

  it('rejects a composite relationship whose from and to differ in length', () => {
    orders().relationships![0].to = ['customers.id'];
    expect(codes(contract)).toEqual(['error contract.relationship-arity /schema/0/relationships/0/to']);
  });

  it('warns when a schema-level relationship starts from another object', () => {
    orders().relationships = [{ from: 'customers.id', to: 'orders.customer_id' }];
    expect(codes(contract)).toEqual(['warning contract.relationship-source /schema/0/relationships/0/from']);
  });

  it('resolves fully qualified references by object and property id', () => {
    orders().properties![1].relationships![0].to = 'schema/customers_obj/properties/customer_pk';
    expect(checkContractSemantics(contract)).toEqual([]);
  });

  it('warns on a fully qualified reference to a property id the object lacks', () => {
    orders().properties![1].relationships![0].to = 'schema/customers_obj/properties/nope';
    expect(codes(contract)).toEqual(['warning contract.relationship-target /schema/0/properties/1/relationships/0/to']);
  });

  it('leaves references into another contract file alone', () => {
    orders().properties![1].relationships![0].to = 'customers.odcs.yaml#/schema/customers_obj/properties/unknown';
    expect(checkContractSemantics(contract)).toEqual([]);
  });

  it('rejects an SLA element naming a property the object lacks', () => {
    contract.slaProperties![0].element = 'orders.created_at';
    expect(codes(contract)).toEqual(['error contract.sla-element /slaProperties/0/element']);
  });

  it('warns on an SLA element naming an object the contract does not define', () => {
    contract.slaProperties![0].element = 'tab1.order_id';
    expect(codes(contract)).toEqual(['warning contract.sla-element-object /slaProperties/0/element']);
  });

  it('checks each of several comma-separated SLA elements', () => {
    contract.slaProperties![0].element = 'orders.order_id, orders.shipped_at';
    expect(codes(contract)).toEqual(['error contract.sla-element /slaProperties/0/element']);
  });

  it('checks slaDefaultElement like an element', () => {
    contract.slaDefaultElement = 'orders.created_at';
    expect(codes(contract)).toEqual(['error contract.sla-element /slaDefaultElement']);
  });

  it('rejects a negative price', () => {
    contract.price!.priceAmount = -1;
    expect(codes(contract)).toEqual(['error contract.negative-price /price/priceAmount']);
  });

  it('rejects a between range with the larger number first', () => {
    orders().quality![0].mustBeBetween = [1_000_000, 1];
    expect(codes(contract)).toEqual(['error contract.quality-range /schema/0/quality/0/mustBeBetween']);
  });

  it('rejects logicalTypeOptions whose minimum exceeds the maximum', () => {
    orders().properties![4].logicalTypeOptions = { minimum: 10, maximum: 5 };
    expect(codes(contract)).toEqual(['error contract.logical-type-range /schema/0/properties/4/logicalTypeOptions/minimum']);
  });

  it('compares ISO date bounds, but not dates in other formats', () => {
    orders().properties![4] = { name: 'placed_on', logicalType: 'date', logicalTypeOptions: { minimum: '2024-01-01', maximum: '2023-01-01' } };
    expect(codes(contract)).toEqual(['error contract.logical-type-range /schema/0/properties/4/logicalTypeOptions/minimum']);
    orders().properties![4].logicalTypeOptions = { format: 'dd/MM/yyyy', minimum: '31/01/2023', maximum: '01/02/2023' };
    expect(checkContractSemantics(contract)).toEqual([]);
  });

  it('accepts the ODCS v3.0 team list and a contract without schema', () => {
    contract.team = [{ username: 'alice' }];
    delete contract.schema;
    delete contract.slaDefaultElement;
    contract.slaProperties = [{ property: 'retention', value: 3, unit: 'y' }];
    expect(checkContractSemantics(contract)).toEqual([]);
  });
});

function validProduct(): DataProduct {
  return {
    apiVersion: 'v1.0.0',
    kind: 'DataProduct',
    id: 'checkout-orders',
    status: 'active',
    domain: 'checkout',
    inputPorts: [
      { name: 'payments', version: '1.0.0', contractId: 'payments-v1' },
      { name: 'payments', version: '2.0.0', contractId: 'payments-v2' },
    ],
    outputPorts: [
      { name: 'orders', version: '1.0.0', contractId: 'orders-v1' },
      { name: 'orders', version: '2.0.0', contractId: 'orders-v2' },
    ],
  };
}

describe('checkProductSemantics', () => {
  let product: DataProduct;
  beforeEach(() => {
    product = validProduct();
  });
  const productCodes = () => checkProductSemantics(product).map((i) => `${i.severity} ${i.code} ${i.path}`);

  it('allows two versions of one port, as ODPS keys ports by name and version', () => {
    expect(checkProductSemantics(product)).toEqual([]);
  });

  it('rejects an output port listed twice with the same version', () => {
    product.outputPorts![1].version = '1.0.0';
    expect(productCodes()).toEqual(['error product.duplicate-output-port /outputPorts/1/name']);
  });

  it('rejects an input port listed twice with the same version', () => {
    product.inputPorts![1].version = '1.0.0';
    expect(productCodes()).toEqual(['error product.duplicate-input-port /inputPorts/1/name']);
  });

  it('rejects a blank product id', () => {
    product.id = '';
    expect(productCodes()).toEqual(['error product.blank-id /id']);
  });
});
