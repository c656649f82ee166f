/**
 * Which lineage pictures to draw and what goes in them. A product's picture is its direct
 * neighbourhood; the mesh map is one picture while it stays readable and one per domain beyond
 * that, so 10,000 products never become a single hairball.
 */
import type { Catalog, ProductView } from './catalog.ts';
import type { EdgeLabel, GraphCluster, GraphEdge, GraphInput, GraphNode } from './graph.ts';
import type { Urls } from './urls.ts';

/** Above this many products the mesh map splits into per-domain maps. */
export const SINGLE_MAP_LIMIT = 150;
/** Neighbours drawn on each side of a product; the rest are listed in text. */
export const NEIGHBOUR_LIMIT = 12;
/** A per-domain map larger than this is listed as a table instead of drawn. */
export const DOMAIN_MAP_LIMIT = 400;

const productNode = (product: ProductView, urls: Urls, variant?: GraphNode['variant']): GraphNode => ({
  id: product.id,
  label: product.name,
  sublabel: product.domain,
  href: urls.product(product.id),
  group: product.domain,
  variant,
});

/** Upstream products → the product → downstream products (by input port or by access grant). */
export function productLineage(product: ProductView, urls: Urls): GraphInput & { omitted: number } {
  const nodes = new Map<string, GraphNode>([[product.id, productNode(product, urls, 'focus')]]);
  const edges: GraphEdge[] = [];
  let omitted = 0;
  const upstream = new Map<string, ProductView>();
  for (const port of product.inputPorts) if (port.upstream && port.upstream !== product) upstream.set(port.upstream.id, port.upstream);
  const downstream = new Map<string, ProductView>();
  for (const consumer of product.consumers) downstream.set(consumer.product.id, consumer.product);
  for (const grant of product.grants) {
    const consumer = grant.consumerProduct;
    if (consumer && consumer !== product && !downstream.has(consumer.id)) downstream.set(consumer.id, consumer);
  }
  const add = (neighbours: Map<string, ProductView>, direction: 'up' | 'down'): void => {
    let drawn = 0;
    for (const neighbour of neighbours.values()) {
      if (drawn >= NEIGHBOUR_LIMIT) {
        omitted += 1;
        continue;
      }
      drawn += 1;
      if (!nodes.has(neighbour.id)) nodes.set(neighbour.id, productNode(neighbour, urls));
      edges.push(direction === 'up' ? { from: neighbour.id, to: product.id } : { from: product.id, to: neighbour.id });
    }
  };
  add(upstream, 'up');
  add(downstream, 'down');
  return { nodes: [...nodes.values()].map((n) => ({ ...n, group: undefined })), edges, title: `Lineage of ${product.name}`, omitted };
}

export interface MeshMap {
  /** `all` for the single map; otherwise the domain id. */
  id: string;
  title: string;
  graph: GraphInput | undefined;
  /** Products of the map, for the text list beside (or instead of) the picture. */
  products: ProductView[];
  /** The other domains' products are drawn as one node per domain (see EXTERNAL_NODE_LIMIT). */
  externalDomains?: boolean;
}

/** An edge's label: the contract the data flows under, linked to its page when the mesh has it. */
const contractLabel = (catalog: Catalog, contractId: string, urls: Urls): EdgeLabel => ({
  text: contractId,
  href: catalog.contractById.has(contractId) ? urls.contract(contractId) : undefined,
});

/** The whole mesh, products grouped by domain, while it is small enough to read. */
export function wholeMeshMap(catalog: Catalog, urls: Urls): GraphInput {
  const clusters: GraphCluster[] = catalog.domains
    .filter((d) => d.products.length > 0)
    .map((d) => ({ id: d.id, label: d.name, href: urls.domain(d.id) }));
  return {
    title: 'Mesh map: every data product, grouped by domain, with lineage',
    nodes: catalog.products.map((p) => productNode(p, urls)),
    edges: catalog.edges.map((e) => ({ from: e.from, to: e.to, labels: [contractLabel(catalog, e.contractId, urls)] })),
    clusters,
    direction: 'auto',
  };
}

export function needsSplitMaps(catalog: Catalog, limit = SINGLE_MAP_LIMIT): boolean {
  return catalog.products.length > limit;
}

/**
 * Beyond these the domain overview is a hairball (and the layout's crossing reduction crawls): list it
 * instead. Legible overviews have about as many edges as domains; twice as many is the limit.
 */
export const OVERVIEW_NODE_LIMIT = 60;
export const OVERVIEW_EDGES_PER_NODE = 2;

/** Domains as nodes, an edge where any product of one consumes a product of the other. */
export function domainOverviewMap(catalog: Catalog, urls: Urls): GraphInput {
  const nodes = catalog.domains.map((d) => ({
    id: d.id,
    label: d.name,
    sublabel: `${d.products.length} product${d.products.length === 1 ? '' : 's'} · ${d.type}`,
    href: urls.domainMap(d.id),
  }));
  const edges = catalog.domains.flatMap((d) => d.downstream.map((to) => ({ from: d.id, to })));
  return { title: 'Domains and the lineage between them', nodes, edges, direction: 'auto' };
}

/** Whether the domain overview can be drawn legibly; otherwise pages list the domains as a table. */
export function overviewDrawable(graph: GraphInput): boolean {
  return graph.nodes.length <= OVERVIEW_NODE_LIMIT && graph.edges.length <= Math.max(12, graph.nodes.length * OVERVIEW_EDGES_PER_NODE);
}

/**
 * Above this many neighbours from other domains a domain map draws one node per neighbouring
 * domain instead of one per product. A generated domain of 50 products had ~110 such neighbours:
 * a picture nobody could read, and the slowest part of the layout (dagre then).
 */
export const EXTERNAL_NODE_LIMIT = 24;

/**
 * One domain's products, with the products of other domains they exchange data with — or, when
 * those are many, the other domains themselves (each linking to its own map).
 */
export function domainMap(catalog: Catalog, domainId: string, urls: Urls, limit = DOMAIN_MAP_LIMIT, externalLimit = EXTERNAL_NODE_LIMIT): MeshMap {
  const domain = catalog.domainById.get(domainId);
  const products = domain?.products ?? [];
  const title = `Lineage in ${domain?.name ?? domainId}`;
  if (products.length === 0 || products.length > limit) return { id: domainId, title, graph: undefined, products };
  const nodes = new Map<string, GraphNode>();
  for (const product of products) nodes.set(product.id, productNode(product, urls));
  const edges: GraphEdge[] = [];
  for (const product of products) {
    for (const port of product.inputPorts) {
      const up = port.upstream;
      if (!up || up === product) continue;
      if (!nodes.has(up.id)) nodes.set(up.id, productNode(up, urls, 'external'));
      edges.push({ from: up.id, to: product.id, labels: [contractLabel(catalog, port.port.contractId, urls)] });
    }
    for (const consumer of product.consumers) {
      if (consumer.product.domain === domainId) continue;
      if (!nodes.has(consumer.product.id)) nodes.set(consumer.product.id, productNode(consumer.product, urls, 'external'));
      edges.push({ from: product.id, to: consumer.product.id, labels: [contractLabel(catalog, consumer.contractId, urls)] });
    }
  }
  // No cluster box around the domain: its products are the solid nodes, the others dashed
  // (`external`), which says the same thing. A compound graph made the layout (dagre then) 3–5× slower here, and the
  // per-domain maps were the costliest pages of a 10,000-product build.
  const graphNodes = [...nodes.values()].map((n) => ({ ...n, group: undefined }));
  if (graphNodes.length - products.length > externalLimit) return { id: domainId, title, graph: byNeighbourDomain(catalog, title, graphNodes, edges, urls), products, externalDomains: true };
  return { id: domainId, title, graph: { title, nodes: graphNodes, edges }, products };
}

/** The domain map with the external products folded into one node per domain they belong to. */
function byNeighbourDomain(catalog: Catalog, title: string, nodes: GraphNode[], edges: GraphEdge[], urls: Urls): GraphInput {
  const external = new Map<string, { domain: string; products: Set<string> }>();
  const own: GraphNode[] = [];
  for (const node of nodes) {
    if (node.variant !== 'external') {
      own.push(node);
      continue;
    }
    const domain = catalog.productById.get(node.id)?.domain ?? node.sublabel ?? '';
    const entry = external.get(domain) ?? { domain, products: new Set<string>() };
    entry.products.add(node.id);
    external.set(domain, entry);
  }
  const domainNodeId = (domain: string): string => `domain:${domain}`;
  const folded = new Map<string, string>();
  for (const { domain, products } of external.values()) for (const id of products) folded.set(id, domainNodeId(domain));
  // Domains the map's products read from stand left of them, domains that read from them right.
  const feeds = new Set<string>();
  for (const edge of edges) {
    const from = folded.get(edge.from);
    if (from) feeds.add(from);
  }
  const domainNodes: GraphNode[] = [...external.values()].map(({ domain, products }) => ({
    id: domainNodeId(domain),
    label: catalog.domainById.get(domain)?.name ?? domain,
    sublabel: `${products.size} product${products.size === 1 ? '' : 's'} · other domain`,
    href: urls.domainMap(domain),
    variant: 'external',
    column: feeds.has(domainNodeId(domain)) ? 'before' : 'after',
  }));
  const seen = new Set<string>();
  const foldedEdges: GraphEdge[] = [];
  for (const edge of edges) {
    const from = folded.get(edge.from) ?? edge.from;
    const to = folded.get(edge.to) ?? edge.to;
    const key = `${from}\u0000${to}`;
    // An edge between two of the domain's own products keeps its contract; a folded one stands for many.
    if (from === edge.from && to === edge.to) {
      foldedEdges.push(edge);
      continue;
    }
    if (seen.has(key)) continue;
    seen.add(key);
    foldedEdges.push({ from, to });
  }
  return { title, nodes: [...own, ...domainNodes], edges: foldedEdges };
}
