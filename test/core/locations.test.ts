import { describe, expect, it } from 'vitest';
import { contractLocations, dataLocation, describeLocation } from '../../bot/core/locations.ts';

const SERVER = { type: 'postgres', host: 'db.acme', database: 'shop', schema: 'public' };
const KEY = dataLocation(SERVER, { name: 'orders' });

describe('data location keys', () => {
  it('read a server type alias as the engine it names', () => {
    expect(dataLocation({ ...SERVER, type: 'postgresql' }, { name: 'orders' })).toBe(KEY);
  });

  it('ignore the case of hosts and identifiers', () => {
    expect(dataLocation({ ...SERVER, host: 'DB.Acme', database: 'SHOP' }, { name: 'Orders' })).toBe(KEY);
  });

  it('fill in the schema and port the engine uses by default', () => {
    expect(dataLocation({ type: 'postgres', host: 'db.acme', database: 'shop', port: 5432 }, { name: 'orders' })).toBe(KEY);
    expect(dataLocation({ ...SERVER, port: 5433 }, { name: 'orders' })).not.toBe(KEY);
  });

  it('take the database and schema from a qualified, quoted physicalName', () => {
    expect(dataLocation({ ...SERVER, database: 'other', schema: 'staging' }, { name: 'x', physicalName: 'shop."public"."orders"' })).toBe(KEY);
  });

  it('list one key per server and schema object, and print one as a URL', () => {
    const doc = { servers: [SERVER, { ...SERVER, type: 'pg' }], schema: [{ name: 'orders' }, { name: 'lines' }] };
    expect(contractLocations(doc).map(describeLocation)).toEqual(['postgres://db.acme/shop/public/orders', 'postgres://db.acme/shop/public/lines']);
  });
});
