/**
 * The TypeScript types of the kinds are written beside their schemas; these tests keep the two
 * from drifting. Each `…Fields` record lists every key of its type (the compiler checks that the
 * list is complete and has nothing extra); the test checks the same keys against the schema.
 */
import { describe, expect, it } from 'vitest';
import { accessGrantFields, accessGrantSchema } from '../../../bot/core/kinds/access-grant.ts';
import {
  type AuthoritativeDefinition,
  type CustomProperty,
  type DataQuality,
  type Price,
  type Relationship,
  type Role,
  type SchemaObject,
  type SchemaProperty,
  type ServiceLevelAgreementProperty,
  type SupportItem,
  type Team,
  type TeamMember,
  type EnumValue,
  type Synonym,
  dataContractFields,
  dataContractSchema,
  dataContractV32Schema,
} from '../../../bot/core/kinds/data-contract.ts';
import * as product from '../../../bot/core/kinds/data-product.ts';
import { domainFields, domainSchema } from '../../../bot/core/kinds/domain.ts';
import { governanceFields, governanceSchema } from '../../../bot/core/kinds/governance.ts';
import { policyFields, policySchema } from '../../../bot/core/kinds/policy.ts';

type SchemaLike = { properties?: Record<string, unknown> };
const sorted = (record: object) => Object.keys(record).sort();

describe('every kind: the type has exactly the schema’s top-level fields', () => {
  it.each([
    ['Domain', domainFields, domainSchema],
    ['AccessGrant', accessGrantFields, accessGrantSchema],
    ['Policy', policyFields, policySchema],
    ['Governance', governanceFields, governanceSchema],
    ['DataContract', dataContractFields, { properties: { ...dataContractSchema.properties, ...dataContractV32Schema.properties } }],
    ['DataProduct', product.dataProductFields, product.dataProductSchema],
  ] as [string, object, SchemaLike][])('%s', (_kind, fields, schema) => {
    expect(sorted(fields)).toEqual(sorted(schema.properties ?? {}));
  });
});

const contractDefs = dataContractSchema.$defs as unknown as Record<string, SchemaLike>;
/** ODCS v3.2.0 adds fields to some definitions; the types carry the union of both versions. */
const v32Defs = dataContractV32Schema.$defs as unknown as Record<string, SchemaLike>;
const productDefs = product.dataProductSchema.$defs as unknown as Record<string, SchemaLike>;

const schemaObject: Record<keyof SchemaObject, true> = {
  id: true, name: true, physicalName: true, physicalType: true, logicalType: true, businessName: true, description: true,
  dataGranularityDescription: true, tags: true, authoritativeDefinitions: true, customProperties: true, properties: true,
  relationships: true, quality: true, synonyms: true, context: true,
};
const schemaProperty: Record<keyof SchemaProperty, true> = {
  id: true, name: true, physicalName: true, physicalType: true, logicalType: true, logicalTypeOptions: true, businessName: true,
  description: true, required: true, unique: true, primaryKey: true, primaryKeyPosition: true, partitioned: true,
  partitionKeyPosition: true, classification: true, criticalDataElement: true, encryptedName: true, examples: true,
  transformSourceObjects: true, transformLogic: true, transformDescription: true, tags: true, authoritativeDefinitions: true,
  customProperties: true, relationships: true, quality: true, properties: true, items: true, enum: true, map: true,
  semanticType: true, synonyms: true,
};
const enumValue: Record<keyof EnumValue, true> = {
  id: true, value: true, label: true, description: true, tags: true, authoritativeDefinitions: true, customProperties: true,
};
const synonym: Record<keyof Synonym, true> = {
  id: true, synonym: true, description: true, locale: true, source: true, status: true, customProperties: true,
};
const quality: Record<keyof DataQuality, true> = {
  id: true, name: true, description: true, type: true, dimension: true, method: true, severity: true, businessImpact: true,
  unit: true, schedule: true, scheduler: true, tags: true, authoritativeDefinitions: true, customProperties: true, metric: true,
  rule: true, arguments: true, query: true, engine: true, implementation: true, mustBe: true, mustNotBe: true,
  mustBeGreaterThan: true, mustBeGreaterOrEqualTo: true, mustBeLessThan: true, mustBeLessOrEqualTo: true, mustBeBetween: true,
  mustNotBeBetween: true,
};
const role: Record<keyof Role, true> = {
  id: true, role: true, description: true, access: true, firstLevelApprovers: true, secondLevelApprovers: true, customProperties: true,
};
const sla: Record<keyof ServiceLevelAgreementProperty, true> = {
  id: true, property: true, value: true, valueExt: true, unit: true, element: true, driver: true, description: true,
  scheduler: true, schedule: true,
};
const teamMember: Record<keyof TeamMember, true> = {
  id: true, username: true, name: true, description: true, role: true, dateIn: true, dateOut: true, replacedByUsername: true,
  tags: true, customProperties: true, authoritativeDefinitions: true,
};
const team: Record<keyof Team, true> = {
  id: true, name: true, description: true, members: true, tags: true, customProperties: true, authoritativeDefinitions: true,
};
const support: Record<keyof SupportItem, true> = {
  id: true, channel: true, url: true, description: true, tool: true, scope: true, invitationUrl: true, customProperties: true,
};
const price: Record<keyof Price, true> = { id: true, priceAmount: true, priceCurrency: true, priceUnit: true };
const customProperty: Record<keyof CustomProperty, true> = { id: true, property: true, value: true, description: true };
const authoritativeDefinition: Record<keyof AuthoritativeDefinition, true> = { id: true, type: true, url: true, description: true };

describe('DataContract: the nested types have exactly their schema definition’s fields', () => {
  it.each([
    ['SchemaObject', schemaObject, v32Defs.SchemaObject],
    ['SchemaProperty', schemaProperty, v32Defs.PropertyFields],
    ['EnumValue', enumValue, v32Defs.EnumValue],
    ['Synonym', synonym, v32Defs.Synonym],
    ['DataQuality', quality, contractDefs.QualityCheck],
    ['Role', role, contractDefs.Role],
    ['ServiceLevelAgreementProperty', sla, contractDefs.SlaProperty],
    ['TeamMember', teamMember, contractDefs.TeamMember],
    ['Team', team, contractDefs.Team],
    ['SupportItem', support, contractDefs.SupportChannel],
    ['Price', price, contractDefs.Price],
    ['CustomProperty', customProperty, contractDefs.CustomProperty],
    ['AuthoritativeDefinition', authoritativeDefinition, contractDefs.AuthoritativeDefinition],
  ] as [string, object, SchemaLike][])('%s', (_name, fields, def) => {
    expect(sorted(fields)).toEqual(sorted(def.properties ?? {}));
  });

  it('Relationship covers both the object-level and the property-level form', () => {
    const relationship: Record<keyof Relationship, true> = { type: true, from: true, to: true, customProperties: true };
    const both = { ...contractDefs.ObjectRelationship.properties, ...contractDefs.PropertyRelationship.properties };
    expect(sorted(relationship)).toEqual(sorted(both));
  });
});

const inputPort: Record<keyof product.InputPort, true> = { name: true, version: true, contractId: true, tags: true, customProperties: true, authoritativeDefinitions: true };
const outputPort: Record<keyof product.OutputPort, true> = {
  name: true, version: true, contractId: true, description: true, type: true, sbom: true, inputContracts: true, tags: true,
  customProperties: true, authoritativeDefinitions: true,
};
const managementPort: Record<keyof product.ManagementPort, true> = {
  name: true, content: true, type: true, url: true, channel: true, description: true, tags: true, customProperties: true,
  authoritativeDefinitions: true,
};
const productTeam: Record<keyof product.Team, true> = { name: true, description: true, members: true, tags: true, customProperties: true, authoritativeDefinitions: true };
const productMember: Record<keyof product.TeamMember, true> = {
  username: true, name: true, description: true, role: true, dateIn: true, dateOut: true, replacedByUsername: true, tags: true,
  customProperties: true, authoritativeDefinitions: true,
};
const productSupport: Record<keyof product.SupportChannel, true> = {
  channel: true, url: true, description: true, tool: true, scope: true, invitationUrl: true, tags: true, customProperties: true,
  authoritativeDefinitions: true,
};

describe('DataProduct: the nested types have exactly their schema definition’s fields', () => {
  it.each([
    ['InputPort', inputPort, productDefs.InputPort],
    ['OutputPort', outputPort, productDefs.OutputPort],
    ['ManagementPort', managementPort, productDefs.ManagementPort],
    ['Team', productTeam, productDefs.Team],
    ['TeamMember', productMember, productDefs.TeamMember],
    ['SupportChannel', productSupport, productDefs.SupportChannel],
  ] as [string, object, SchemaLike][])('%s', (_name, fields, def) => {
    expect(sorted(fields)).toEqual(sorted(def.properties ?? {}));
  });
});
