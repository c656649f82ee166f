/**
 * Lineage pictures drawn at build time: a graph laid out with dagre and written as SVG, every node
 * a link. The SVG carries its own width and height so the page does not shift when it loads.
 */
import dagreModule from '@dagrejs/dagre';

// dagre is CommonJS; under NodeNext its namespace sits on `default`.
const dagre = ((dagreModule as unknown as { default?: typeof dagreModule }).default ?? dagreModule) as typeof dagreModule;

export interface GraphNode {
  id: string;
  label: string;
  /** Second line, e.g. the domain or the status. */
  sublabel?: string;
  href?: string;
  /** Cluster (domain) the node is drawn in. */
  group?: string;
  /** `focus` for the product the picture is about; `external` for neighbours from other maps. */
  variant?: 'focus' | 'external';
  /**
   * Placed in a column of its own left (`before`) or right (`after`) of the rest, which is laid out
   * as usual; see placeWithSideColumns.
   */
  column?: 'before' | 'after';
}

export interface GraphEdge {
  from: string;
  to: string;
}

export interface GraphCluster {
  id: string;
  label: string;
  href?: string;
}

export interface GraphInput {
  nodes: GraphNode[];
  edges: GraphEdge[];
  clusters?: GraphCluster[];
  /** Accessible name of the picture. */
  title: string;
  /** `auto` lays the graph out both ways and keeps the narrower picture: pages scroll down, not sideways. */
  direction?: 'LR' | 'TB' | 'auto';
}

const NODE_WIDTH = 176;
const NODE_HEIGHT = 44;
const LABEL_CHARS = 24;
// dagre's spacing (see layoutGraph), shared with the direct star layout.
const NODE_SEP = 16;
const RANK_SEP = 56;
const MARGIN = 12;

const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);

const truncate = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const round = (n: number): number => Math.round(n * 10) / 10;

/**
 * A smooth path through dagre's bend points: quadratic curves through the midpoints, so long edges
 * read as one stroke instead of a zig-zag. Starts and ends exactly at the first and last point.
 */
export function smoothPath(points: readonly { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  const p = points.map((pt) => ({ x: round(pt.x), y: round(pt.y) }));
  if (p.length < 3) return p.map((pt, i) => `${i === 0 ? 'M' : 'L'}${pt.x} ${pt.y}`).join('');
  let d = `M${p[0].x} ${p[0].y}`;
  for (let i = 1; i < p.length - 1; i++) {
    const end = i === p.length - 2 ? p[i + 1] : { x: round((p[i].x + p[i + 1].x) / 2), y: round((p[i].y + p[i + 1].y) / 2) };
    d += `Q${p[i].x} ${p[i].y} ${end.x} ${end.y}`;
  }
  return d;
}

type Layout = InstanceType<typeof dagre.graphlib.Graph>;

function layoutGraph(input: GraphInput, direction: 'LR' | 'TB'): Layout {
  const clusters = input.clusters ?? [];
  const graph = new dagre.graphlib.Graph({ compound: clusters.length > 0, multigraph: false });
  graph.setGraph({ rankdir: direction, nodesep: NODE_SEP, ranksep: RANK_SEP, marginx: MARGIN, marginy: MARGIN });
  graph.setDefaultEdgeLabel(() => ({}));
  const clusterIds = new Set(clusters.map((c) => c.id));
  for (const cluster of clusters) graph.setNode(`cluster:${cluster.id}`, { label: cluster.label, paddingTop: 28 } as never);
  const known = new Set<string>();
  for (const node of input.nodes) {
    known.add(node.id);
    graph.setNode(`node:${node.id}`, { width: NODE_WIDTH, height: NODE_HEIGHT });
    if (node.group && clusterIds.has(node.group)) graph.setParent(`node:${node.id}`, `cluster:${node.group}`);
  }
  const edgeKeys = new Set<string>();
  for (const edge of input.edges) {
    const key = `${edge.from}\u0000${edge.to}`;
    if (!known.has(edge.from) || !known.has(edge.to) || edge.from === edge.to || edgeKeys.has(key)) continue;
    edgeKeys.add(key);
    graph.setEdge(`node:${edge.from}`, `node:${edge.to}`);
  }
  dagre.layout(graph);
  return graph;
}

const widthOf = (graph: Layout): number => (graph.graph() as { width?: number }).width ?? 0;

interface Point {
  x: number;
  y: number;
}

/** Where everything goes: node centres, edge routes, cluster boxes (centre and size). */
interface Placement {
  width: number;
  height: number;
  nodes: Map<string, Point>;
  edges: Point[][];
  clusters: Map<string, Point & { width: number; height: number }>;
}

function placeWithDagre(input: GraphInput): Placement {
  let graph: Layout;
  if (input.direction === 'auto') {
    const across = layoutGraph(input, 'LR');
    const down = layoutGraph(input, 'TB');
    graph = widthOf(down) < widthOf(across) ? down : across;
  } else {
    graph = layoutGraph(input, input.direction ?? 'LR');
  }
  const { width = 0, height = 0 } = graph.graph() as { width?: number; height?: number };
  const nodes = new Map<string, Point>();
  for (const node of input.nodes) nodes.set(node.id, graph.node(`node:${node.id}`) as Point);
  const clusters = new Map<string, Point & { width: number; height: number }>();
  for (const cluster of input.clusters ?? []) {
    const box = graph.node(`cluster:${cluster.id}`) as (Point & { width: number; height: number }) | undefined;
    if (box && box.width) clusters.set(cluster.id, box);
  }
  const edges = graph.edges().map((edgeId) => (graph.edge(edgeId) as { points: Point[] }).points);
  return { width, height, nodes, edges, clusters };
}

/** Out of the right side of the one and into the left side of the other (or back, for a cycle). */
function sideRoute(a: Point, b: Point): Point[] {
  const dir = b.x >= a.x ? 1 : -1;
  const start = { x: a.x + (dir * NODE_WIDTH) / 2, y: a.y };
  const end = { x: b.x - (dir * NODE_WIDTH) / 2, y: b.y };
  return [start, { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 }, end];
}

/**
 * A product's lineage is a star: upstream neighbours → the focus → downstream neighbours. Laid out
 * directly in three columns, as dagre would, because running dagre on each of 10,000 product pages
 * cost more than rendering them. Undefined when the graph is not such a star.
 */
export function placeStar(input: GraphInput): Placement | undefined {
  if (input.clusters?.length || (input.direction && input.direction !== 'LR')) return undefined;
  const focus = input.nodes.filter((node) => node.variant === 'focus');
  if (focus.length !== 1) return undefined;
  const center = focus[0].id;
  const known = new Set(input.nodes.map((node) => node.id));
  const upstream: string[] = [];
  const downstream: string[] = [];
  const side = new Map<string, 'up' | 'down'>();
  const edges: GraphEdge[] = [];
  const edgeKeys = new Set<string>();
  for (const edge of input.edges) {
    const key = `${edge.from}\u0000${edge.to}`;
    if (!known.has(edge.from) || !known.has(edge.to) || edge.from === edge.to || edgeKeys.has(key)) continue;
    if (edge.from !== center && edge.to !== center) return undefined;
    edgeKeys.add(key);
    edges.push(edge);
    const other = edge.from === center ? edge.to : edge.from;
    if (side.has(other)) continue;
    side.set(other, edge.to === center ? 'up' : 'down');
    (edge.to === center ? upstream : downstream).push(other);
  }
  // A neighbour without an edge has no column; let dagre place it.
  if (side.size !== input.nodes.length - 1) return undefined;
  const columns = [upstream, [center], downstream].filter((column) => column.length > 0);
  const columnHeight = (n: number): number => n * NODE_HEIGHT + (n - 1) * NODE_SEP;
  const inner = Math.max(...columns.map((column) => columnHeight(column.length)));
  const nodes = new Map<string, Point>();
  columns.forEach((column, c) => {
    const x = MARGIN + NODE_WIDTH / 2 + c * (NODE_WIDTH + RANK_SEP);
    const top = MARGIN + (inner - columnHeight(column.length)) / 2;
    column.forEach((id, r) => nodes.set(id, { x, y: top + NODE_HEIGHT / 2 + r * (NODE_HEIGHT + NODE_SEP) }));
  });
  const routes = edges.map(({ from, to }) => sideRoute(nodes.get(from)!, nodes.get(to)!));
  return {
    width: MARGIN * 2 + columns.length * NODE_WIDTH + (columns.length - 1) * RANK_SEP,
    height: MARGIN * 2 + inner,
    nodes,
    edges: routes,
    clusters: new Map(),
  };
}

/**
 * Nodes marked with a `column` go into a column left or right of the others; only the others are
 * laid out (as a star or by dagre). A domain's map with its neighbouring domains at the sides:
 * dagre spent 40–400 ms on each such map when it also placed the neighbours. Side nodes are ordered
 * by the mean height of the nodes they connect to, which keeps most edges from crossing.
 * Undefined when no node asks for a column.
 */
export function placeWithSideColumns(input: GraphInput): Placement | undefined {
  const before = input.nodes.filter((node) => node.column === 'before');
  const after = input.nodes.filter((node) => node.column === 'after');
  if (before.length === 0 && after.length === 0) return undefined;
  const core = input.nodes.filter((node) => !node.column);
  const coreIds = new Set(core.map((node) => node.id));
  const coreEdges = input.edges.filter((edge) => coreIds.has(edge.from) && coreIds.has(edge.to));
  const coreInput: GraphInput = { title: input.title, nodes: core, edges: coreEdges, direction: 'LR' };
  const inner = core.length > 0 ? (placeStar(coreInput) ?? placeWithDagre(coreInput)) : { width: MARGIN * 2, height: MARGIN * 2, nodes: new Map<string, Point>(), edges: [], clusters: new Map() };
  const columnHeight = (n: number): number => (n > 0 ? n * NODE_HEIGHT + (n - 1) * NODE_SEP : 0);
  const height = Math.max(inner.height, MARGIN * 2 + columnHeight(before.length), MARGIN * 2 + columnHeight(after.length));
  const dx = before.length > 0 ? NODE_WIDTH + RANK_SEP : 0;
  const dy = (height - inner.height) / 2;
  const nodes = new Map<string, Point>();
  for (const [id, point] of inner.nodes) nodes.set(id, { x: point.x + dx, y: point.y + dy });
  const edges = inner.edges.map((route) => route.map((point) => ({ x: point.x + dx, y: point.y + dy })));
  const neighbourY = new Map<string, number[]>();
  for (const edge of input.edges) {
    for (const [side, other] of [[edge.from, edge.to], [edge.to, edge.from]]) {
      const y = nodes.get(other)?.y;
      if (y !== undefined && !coreIds.has(side)) neighbourY.set(side, [...(neighbourY.get(side) ?? []), y]);
    }
  }
  const meanY = (id: string): number => {
    const ys = neighbourY.get(id) ?? [];
    return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : height / 2;
  };
  const innerWidth = inner.width - MARGIN * 2;
  const place = (column: GraphNode[], x: number): void => {
    const ordered = [...column].sort((a, b) => meanY(a.id) - meanY(b.id) || a.id.localeCompare(b.id));
    const top = (height - columnHeight(ordered.length)) / 2;
    ordered.forEach((node, i) => nodes.set(node.id, { x, y: top + NODE_HEIGHT / 2 + i * (NODE_HEIGHT + NODE_SEP) }));
  };
  place(before, MARGIN + NODE_WIDTH / 2);
  place(after, MARGIN + dx + innerWidth + RANK_SEP + NODE_WIDTH / 2);
  const seen = new Set<string>();
  for (const edge of input.edges) {
    if (coreIds.has(edge.from) && coreIds.has(edge.to)) continue;
    const a = nodes.get(edge.from);
    const b = nodes.get(edge.to);
    const key = `${edge.from}\u0000${edge.to}`;
    if (!a || !b || edge.from === edge.to || seen.has(key)) continue;
    seen.add(key);
    edges.push(sideRoute(a, b));
  }
  const width = MARGIN * 2 + dx + innerWidth + (after.length > 0 ? RANK_SEP + NODE_WIDTH : 0);
  return { width, height, nodes, edges, clusters: new Map() };
}

export function renderGraphSvg(input: GraphInput): string {
  const clusters = input.clusters ?? [];
  const placed = placeWithSideColumns(input) ?? placeStar(input) ?? placeWithDagre(input);
  const w = Math.ceil(placed.width);
  const h = Math.ceil(placed.height);

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="graph" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="group" aria-label="${escapeXml(input.title)}">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" class="graph-arrow"/></marker></defs>`,
  );
  for (const cluster of clusters) {
    const box = placed.clusters.get(cluster.id);
    if (!box) continue;
    const x = round(box.x - box.width / 2);
    const y = round(box.y - box.height / 2);
    const label = `<text x="${x + 10}" y="${y + 18}" class="graph-cluster-label">${escapeXml(truncate(cluster.label, 40))}</text>`;
    parts.push(
      `<g class="graph-cluster"><rect x="${x}" y="${y}" width="${round(box.width)}" height="${round(box.height)}" rx="10"/>`,
      cluster.href ? `<a href="${escapeXml(cluster.href)}">${label}</a>` : label,
      '</g>',
    );
  }
  for (const points of placed.edges) {
    parts.push(`<path class="graph-edge" d="${smoothPath(points)}" marker-end="url(#arrow)"/>`);
  }
  for (const node of input.nodes) {
    const box = placed.nodes.get(node.id)!;
    const x = round(box.x - NODE_WIDTH / 2);
    const y = round(box.y - NODE_HEIGHT / 2);
    const cls = `graph-node${node.variant ? ` graph-node-${node.variant}` : ''}`;
    const text = node.sublabel
      ? `<text x="${x + 10}" y="${y + 19}" class="graph-label">${escapeXml(truncate(node.label, LABEL_CHARS))}</text><text x="${x + 10}" y="${y + 35}" class="graph-sublabel">${escapeXml(truncate(node.sublabel, LABEL_CHARS + 4))}</text>`
      : `<text x="${x + 10}" y="${y + 27}" class="graph-label">${escapeXml(truncate(node.label, LABEL_CHARS))}</text>`;
    const body = `<title>${escapeXml(node.sublabel ? `${node.label} (${node.sublabel})` : node.label)}</title><rect x="${x}" y="${y}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="6"/>${text}`;
    parts.push(node.href ? `<a class="${cls}" href="${escapeXml(node.href)}">${body}</a>` : `<g class="${cls}">${body}</g>`);
  }
  parts.push('</svg>');
  return parts.join('');
}
