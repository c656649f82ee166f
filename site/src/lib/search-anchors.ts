/**
 * The anchors search links to, shared by the pages that carry them, the search records that name
 * them (lib/search-records.ts) and the search page that turns them into links (scripts/search.ts).
 */

/**
 * The id of a field's row on its contract page, and of the field's heading in a search record:
 * `field-<object>.<path>` (`field-orders.customer.email`). Whitespace, which an id may not hold, becomes `_`.
 */
export const fieldAnchor = (object: string, path: string): string => `field-${object}.${path}`.replace(/\s/g, '_');

/** The id of a contract's heading in a search record: `contract-<contract id>`. */
export const contractAnchor = (id: string): string => `contract-${id}`;

export const isFieldAnchor = (id: string): boolean => id.startsWith('field-');

/** The contract id a contract heading's anchor names, or undefined for any other anchor. */
export const contractOfAnchor = (id: string): string | undefined => (id.startsWith('contract-') ? id.slice('contract-'.length) : undefined);
