/** The kinds of entity a mesh holds, in the order Meshgate lists them. */
export const KINDS = ['Domain', 'DataProduct', 'DataContract', 'AccessGrant', 'Policy', 'Governance'] as const;
export type Kind = (typeof KINDS)[number];
