/**
 * How a data contract's schema reads on a page: nested properties flattened into table rows,
 * classifications turned into badges people notice.
 */
import type { DataContract, SchemaObject, SchemaProperty } from '../../../bot/core/kinds/data-contract.ts';

export interface PropertyRow {
  /** Dotted path from the schema object, `address.city`; `[]` marks array items, `{}` map values. */
  path: string;
  depth: number;
  property: SchemaProperty;
}

/** Every property of a schema object, depth first, nested ones under their parent's path. */
export function flattenProperties(object: Pick<SchemaObject, 'properties'>): PropertyRow[] {
  const rows: PropertyRow[] = [];
  const walk = (properties: readonly SchemaProperty[] | undefined, prefix: string, depth: number): void => {
    for (const property of properties ?? []) {
      const path = prefix ? `${prefix}.${property.name}` : property.name;
      rows.push({ path, depth, property });
      walk(property.properties, path, depth + 1);
      if (property.items) {
        const itemPath = `${path}[]`;
        if (property.items.properties) walk(property.items.properties, itemPath, depth + 1);
      }
      // ODCS v3.2.0: a map whose values are objects; `{}` marks the values.
      if (property.map?.value?.properties) walk(property.map.value.properties, `${path}{}`, depth + 1);
    }
  };
  walk(object.properties, '', 0);
  return rows;
}

export type Sensitivity = 'pii' | 'restricted' | 'confidential';

export interface ClassificationBadge {
  label: string;
  sensitivity: Sensitivity;
}

/**
 * A badge for classifications that limit who may see the data. ODCS leaves the vocabulary open,
 * so common spellings are matched; anything else (public, internal) shows as plain text.
 */
export function classificationBadge(classification: string | undefined): ClassificationBadge | undefined {
  if (!classification) return undefined;
  const value = classification.toLowerCase();
  if (/\bpii\b|personal|gdpr|sensitive-personal/.test(value)) return { label: 'PII', sensitivity: 'pii' };
  if (/restricted|secret/.test(value)) return { label: 'Restricted', sensitivity: 'restricted' };
  if (/confidential|sensitive/.test(value)) return { label: 'Confidential', sensitivity: 'confidential' };
  return undefined;
}

/** Distinct classifications used anywhere in the contract, for search filters and summaries. */
export function contractClassifications(contract: DataContract): string[] {
  const found = new Set<string>();
  for (const object of contract.schema ?? []) {
    for (const row of flattenProperties(object)) {
      if (row.property.classification) found.add(row.property.classification.toLowerCase());
    }
  }
  return [...found].sort();
}

/** True when any property carries a PII or restricted badge. */
export function hasSensitiveData(contract: DataContract): boolean {
  return contractClassifications(contract).some((c) => classificationBadge(c) !== undefined);
}

/** A quality rule in one line: what is measured and what it must be. */
export function describeQualityRule(rule: Record<string, unknown>): string {
  const parts: string[] = [];
  const what = rule.name ?? rule.metric ?? rule.rule ?? (rule.type === 'sql' ? 'SQL check' : rule.type);
  if (typeof what === 'string') parts.push(what);
  const comparisons: [string, string][] = [
    ['mustBe', '='],
    ['mustNotBe', '≠'],
    ['mustBeGreaterThan', '>'],
    ['mustBeGreaterOrEqualTo', '≥'],
    ['mustBeLessThan', '<'],
    ['mustBeLessOrEqualTo', '≤'],
  ];
  for (const [key, symbol] of comparisons) {
    if (rule[key] !== undefined) parts.push(`${symbol} ${formatValue(rule[key])}`);
  }
  if (Array.isArray(rule.mustBeBetween)) parts.push(`between ${rule.mustBeBetween.map(formatValue).join(' and ')}`);
  if (Array.isArray(rule.mustNotBeBetween)) parts.push(`not between ${rule.mustNotBeBetween.map(formatValue).join(' and ')}`);
  if (typeof rule.unit === 'string') parts.push(rule.unit);
  const head = parts.join(' ');
  const description = typeof rule.description === 'string' ? rule.description : '';
  if (head && description) return `${head} — ${description}`;
  return head || description || (typeof rule.query === 'string' ? rule.query : 'custom rule');
}

/** Scalars as written; objects and arrays as compact JSON. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** An SLA property in one line: `latency: 5 m`. */
export function describeSla(sla: { property: string; value: unknown; valueExt?: unknown; unit?: string; element?: string }): string {
  const value = [formatValue(sla.value), sla.valueExt !== undefined ? `– ${formatValue(sla.valueExt)}` : '', sla.unit ?? '']
    .filter(Boolean)
    .join(' ');
  return `${sla.property}: ${value}${sla.element ? ` (${sla.element})` : ''}`;
}

/** Server fields beyond the common ones, for a compact "details" cell. */
export function serverDetails(server: Record<string, unknown>): [string, string][] {
  const skip = new Set(['id', 'server', 'type', 'description', 'environment', 'roles', 'customProperties']);
  return Object.entries(server)
    .filter(([key, value]) => !skip.has(key) && value !== undefined)
    .map(([key, value]) => [key, formatValue(value)]);
}
