/**
 * Lineage pictures drawn at build time and written as SVG, every node a link. General graphs (the
 * mesh map, a domain's map, the domain overview) are laid out by ELK's layered algorithm, run here
 * in Node: domains as compound nodes, orthogonal edges, each edge labelled with its contracts. A
 * product's own lineage is a star and is placed directly. The SVG carries its own width and height
 * so the page does not shift when it loads, and reads without JavaScript; Graph.astro adds
 * highlighting, zoom and pan on top of the data attributes written here.
 */
import elkModule, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';

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

/** Text on an edge: the contract the data flows under, linking to its page. */
export interface EdgeLabel {
  text: string;
  href?: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  labels?: EdgeLabel[];
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
const NODE_SEP = 16;
const RANK_SEP = 56;
const MARGIN = 12;
/** Edge labels: at most this many characters, in an 11px font about this wide per character. */
const EDGE_LABEL_CHARS = 32;
const EDGE_LABEL_CHAR_WIDTH = 6.3;
const EDGE_LABEL_HEIGHT = 15;
/** Room above a cluster's first row for its name. */
const CLUSTER_LABEL_SPACE = 30;
const CORNER = 6;

const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);

const truncate = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const round = (n: number): number => Math.round(n * 10) / 10;

export interface Point {
  x: number;
  y: number;
}

export interface PlacedLabel extends EdgeLabel {
  /** Top-left corner and size of the label's box. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  points: Point[];
  /** Orthogonal routes are drawn with straight segments; the others as one smooth curve. */
  orthogonal: boolean;
  labels: PlacedLabel[];
}

/** Where everything goes: node centres, edge routes, cluster boxes (centre and size). */
export interface Placement {
  width: number;
  height: number;
  nodes: Map<string, Point>;
  edges: PlacedEdge[];
  clusters: Map<string, Point & { width: number; height: number }>;
}

/**
 * A smooth path through bend points: quadratic curves through the midpoints, so long edges read as
 * one stroke instead of a zig-zag. Starts and ends exactly at the first and last point.
 */
export function smoothPath(points: readonly Point[]): string {
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

/** Straight segments through the points, each bend rounded off by a small arc (as in ELK's own renderers). */
export function orthogonalPath(points: readonly Point[], radius = CORNER): string {
  if (points.length === 0) return '';
  const p = points.map((pt) => ({ x: round(pt.x), y: round(pt.y) }));
  let d = `M${p[0].x} ${p[0].y}`;
  for (let i = 1; i < p.length - 1; i++) {
    const [a, b, c] = [p[i - 1], p[i], p[i + 1]];
    const before = Math.hypot(b.x - a.x, b.y - a.y);
    const after = Math.hypot(c.x - b.x, c.y - b.y);
    const r = Math.min(radius, before / 2, after / 2);
    if (r <= 0) continue;
    const inX = round(b.x - ((b.x - a.x) / before) * r);
    const inY = round(b.y - ((b.y - a.y) / before) * r);
    const outX = round(b.x + ((c.x - b.x) / after) * r);
    const outY = round(b.y + ((c.y - b.y) / after) * r);
    d += `L${inX} ${inY}Q${b.x} ${b.y} ${outX} ${outY}`;
  }
  const last = p[p.length - 1];
  return p.length > 1 ? `${d}L${last.x} ${last.y}` : d;
}

/**
 * How many times the routes cross, as a reader counts them: points where segments of two routes
 * intersect inside both (touching at an end, as edges leaving one port do, or running along each
 * other is not a crossing), each point once, so routes that share a trunk and cross a third line
 * there make one crossing. Routes are polylines through their bend points.
 */
export function countCrossings(routes: readonly (readonly Point[])[]): number {
  const EPS = 1e-6;
  const cross = (o: Point, a: Point, b: Point): number => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const segments = routes.map((route) => route.slice(1).map((end, i) => [route[i], end] as const));
  const points = new Set<string>();
  for (let r = 0; r < segments.length; r++) {
    for (let s = r + 1; s < segments.length; s++) {
      for (const [p1, p2] of segments[r]) {
        for (const [q1, q2] of segments[s]) {
          const d1 = cross(q1, q2, p1);
          const d2 = cross(q1, q2, p2);
          const d3 = cross(p1, p2, q1);
          const d4 = cross(p1, p2, q2);
          if (!(((d1 > EPS && d2 < -EPS) || (d1 < -EPS && d2 > EPS)) && ((d3 > EPS && d4 < -EPS) || (d3 < -EPS && d4 > EPS)))) continue;
          const t = d1 / (d1 - d2);
          points.add(`${Math.round(p1.x + t * (p2.x - p1.x))},${Math.round(p1.y + t * (p2.y - p1.y))}`);
        }
      }
    }
  }
  return points.size;
}

/** The edges worth drawing: both ends drawn, no loops, one edge per pair with the labels of all. */
function drawableEdges(input: GraphInput, known: ReadonlySet<string>): GraphEdge[] {
  const byPair = new Map<string, GraphEdge>();
  for (const edge of input.edges) {
    if (!known.has(edge.from) || !known.has(edge.to) || edge.from === edge.to) continue;
    const key = `${edge.from}\u0000${edge.to}`;
    const seen = byPair.get(key);
    if (!seen) {
      byPair.set(key, { from: edge.from, to: edge.to, labels: [...(edge.labels ?? [])] });
      continue;
    }
    for (const label of edge.labels ?? []) if (!seen.labels!.some((l) => l.text === label.text)) seen.labels!.push(label);
  }
  return [...byPair.values()];
}

const labelWidth = (text: string): number => Math.ceil(truncate(text, EDGE_LABEL_CHARS).length * EDGE_LABEL_CHAR_WIDTH) + 8;

// The bundled ELK runs in this process (no worker thread): layouts happen at build time, one page
// after another, and a worker per layout would cost more than it saves.
// elkjs is CommonJS; under NodeNext its constructor is the namespace's `default` (which elkjs also sets at run time).
const elk = new elkModule.default();

/** ELK's options for every graph; see https://eclipse.dev/elk/reference/algorithms/org-eclipse-elk-layered.html */
const ELK_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.edgeRouting': 'ORTHOGONAL',
  // Edges between domains are routed across the cluster boxes in one layout, not per cluster.
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
  'elk.padding': `[top=${MARGIN},left=${MARGIN},bottom=${MARGIN},right=${MARGIN}]`,
  'elk.spacing.nodeNode': String(NODE_SEP + 4),
  'elk.layered.spacing.nodeNodeBetweenLayers': String(RANK_SEP - 16),
  'elk.spacing.edgeEdge': '8',
  'elk.spacing.edgeNode': '12',
  'elk.layered.spacing.edgeNodeBetweenLayers': '12',
  'elk.spacing.edgeLabel': '2',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
};

/** The graph as ELK reads it: clusters as compound nodes holding their nodes. */
function elkGraph(input: GraphInput, edges: readonly GraphEdge[], direction: 'LR' | 'TB'): ElkNode {
  const clusterIds = new Set((input.clusters ?? []).map((c) => c.id));
  const leaf = (node: GraphNode): ElkNode => ({ id: `node:${node.id}`, width: NODE_WIDTH, height: NODE_HEIGHT });
  const children: ElkNode[] = [];
  const members = new Map<string, ElkNode[]>();
  for (const node of input.nodes) {
    if (node.group && clusterIds.has(node.group)) {
      const list = members.get(node.group) ?? [];
      list.push(leaf(node));
      members.set(node.group, list);
    } else {
      children.push(leaf(node));
    }
  }
  for (const cluster of input.clusters ?? []) {
    const nodes = members.get(cluster.id);
    if (!nodes) continue;
    children.push({
      id: `cluster:${cluster.id}`,
      layoutOptions: { 'elk.padding': `[top=${CLUSTER_LABEL_SPACE},left=${MARGIN},bottom=${MARGIN},right=${MARGIN}]` },
      children: nodes,
    });
  }
  const elkEdges: ElkExtendedEdge[] = edges.map((edge, i) => ({
    id: `edge:${i}`,
    sources: [`node:${edge.from}`],
    targets: [`node:${edge.to}`],
    labels: (edge.labels ?? []).map((label) => ({ text: label.text, width: labelWidth(label.text), height: EDGE_LABEL_HEIGHT })),
  }));
  return { id: 'root', layoutOptions: { ...ELK_OPTIONS, 'elk.direction': direction === 'TB' ? 'DOWN' : 'RIGHT' }, children, edges: elkEdges };
}

async function layoutWithElk(input: GraphInput, edges: readonly GraphEdge[], direction: 'LR' | 'TB'): Promise<Placement> {
  let laid: ElkNode;
  try {
    laid = await elk.layout(elkGraph(input, edges, direction));
  } catch (error) {
    throw new Error(`ELK could not lay out "${input.title}" (${input.nodes.length} nodes, ${edges.length} edges).`, { cause: error });
  }
  const nodes = new Map<string, Point>();
  const clusters = new Map<string, Point & { width: number; height: number }>();
  const visit = (node: ElkNode): void => {
    const [kind, ...rest] = node.id.split(':');
    const id = rest.join(':');
    const width = node.width ?? 0;
    const height = node.height ?? 0;
    const centre = { x: (node.x ?? 0) + width / 2, y: (node.y ?? 0) + height / 2 };
    if (kind === 'node') nodes.set(id, centre);
    else if (kind === 'cluster') clusters.set(id, { ...centre, width, height });
    for (const child of node.children ?? []) visit(child);
  };
  for (const child of laid.children ?? []) visit(child);
  const placedEdges: PlacedEdge[] = (laid.edges ?? []).map((elkEdge, i) => {
    const section = elkEdge.sections?.[0];
    const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [nodes.get(edges[i].from)!, nodes.get(edges[i].to)!];
    const labels = (elkEdge.labels ?? []).map((label, l) => ({
      ...edges[i].labels![l],
      x: label.x ?? 0,
      y: label.y ?? 0,
      width: label.width ?? 0,
      height: label.height ?? 0,
    }));
    return { from: edges[i].from, to: edges[i].to, points, orthogonal: Boolean(section), labels };
  });
  return { width: laid.width ?? 0, height: laid.height ?? 0, nodes, edges: placedEdges, clusters };
}

/** ELK's layout; for `auto` both directions, keeping the narrower picture. */
async function placeWithElk(input: GraphInput): Promise<Placement> {
  const edges = drawableEdges(input, new Set(input.nodes.map((n) => n.id)));
  if (input.direction !== 'auto') return layoutWithElk(input, edges, input.direction ?? 'LR');
  const across = await layoutWithElk(input, edges, 'LR');
  const down = await layoutWithElk(input, edges, 'TB');
  return down.width < across.width ? down : across;
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
 * directly in three columns, because a general layout on each of 10,000 product pages cost more
 * than rendering them. Undefined when the graph is not such a star.
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
  const edges = drawableEdges(input, known);
  for (const edge of edges) {
    if (edge.from !== center && edge.to !== center) return undefined;
    const other = edge.from === center ? edge.to : edge.from;
    if (side.has(other)) continue;
    side.set(other, edge.to === center ? 'up' : 'down');
    (edge.to === center ? upstream : downstream).push(other);
  }
  // A neighbour without an edge has no column; leave it to the general layout.
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
  return {
    width: MARGIN * 2 + columns.length * NODE_WIDTH + (columns.length - 1) * RANK_SEP,
    height: MARGIN * 2 + inner,
    nodes,
    edges: edges.map(({ from, to }) => ({ from, to, points: sideRoute(nodes.get(from)!, nodes.get(to)!), orthogonal: false, labels: [] })),
    clusters: new Map(),
  };
}

/** The nodes of `input` that are not in a side column, as a graph of their own. */
function coreOf(input: GraphInput): GraphInput {
  const core = input.nodes.filter((node) => !node.column);
  const coreIds = new Set(core.map((node) => node.id));
  return { title: input.title, nodes: core, edges: input.edges.filter((edge) => coreIds.has(edge.from) && coreIds.has(edge.to)), direction: 'LR' };
}

/**
 * Nodes marked with a `column` go into a column left or right of the others, which `inner` has
 * placed (pass the placement of coreOf(input)). A domain's map with its neighbouring domains at the
 * sides: laying out the neighbours too made each map's layout far slower. Side nodes are ordered
 * by the mean height of the nodes they connect to, which keeps most edges from crossing. Undefined
 * when no node asks for a column.
 */
export function placeWithSideColumns(input: GraphInput, inner: Placement): Placement | undefined {
  const before = input.nodes.filter((node) => node.column === 'before');
  const after = input.nodes.filter((node) => node.column === 'after');
  if (before.length === 0 && after.length === 0) return undefined;
  const coreIds = new Set(input.nodes.filter((node) => !node.column).map((node) => node.id));
  const columnHeight = (n: number): number => (n > 0 ? n * NODE_HEIGHT + (n - 1) * NODE_SEP : 0);
  const height = Math.max(inner.height, MARGIN * 2 + columnHeight(before.length), MARGIN * 2 + columnHeight(after.length));
  const dx = before.length > 0 ? NODE_WIDTH + RANK_SEP : 0;
  const dy = (height - inner.height) / 2;
  const shift = (point: Point): Point => ({ x: point.x + dx, y: point.y + dy });
  const nodes = new Map<string, Point>();
  for (const [id, point] of inner.nodes) nodes.set(id, shift(point));
  const edges: PlacedEdge[] = inner.edges.map((edge) => ({
    ...edge,
    points: edge.points.map(shift),
    labels: edge.labels.map((label) => ({ ...label, ...shift(label) })),
  }));
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
  for (const edge of drawableEdges(input, new Set(nodes.keys()))) {
    if (coreIds.has(edge.from) && coreIds.has(edge.to)) continue;
    edges.push({ from: edge.from, to: edge.to, points: sideRoute(nodes.get(edge.from)!, nodes.get(edge.to)!), orthogonal: false, labels: [] });
  }
  const width = MARGIN * 2 + dx + innerWidth + (after.length > 0 ? RANK_SEP + NODE_WIDTH : 0);
  return { width, height, nodes, edges, clusters: new Map() };
}

const EMPTY: Placement = { width: MARGIN * 2, height: MARGIN * 2, nodes: new Map(), edges: [], clusters: new Map() };

/** Where every node, edge and cluster of the graph goes: side columns, a star, or ELK's layered layout. */
export async function placeGraph(input: GraphInput): Promise<Placement> {
  if (input.nodes.some((node) => node.column)) {
    const core = coreOf(input);
    const inner = core.nodes.length === 0 ? EMPTY : (placeStar(core) ?? (await placeWithElk(core)));
    return placeWithSideColumns(input, inner)!;
  }
  return placeStar(input) ?? placeWithElk(input);
}

/**
 * The picture as SVG. Without a placement the graph must be a star (a product's lineage, drawn
 * synchronously on 10,000 product pages); anything else is placed with placeGraph first.
 */
export function renderGraphSvg(input: GraphInput, placement?: Placement): string {
  const placed = placement ?? placeStar(input);
  if (!placed) throw new Error(`renderGraphSvg: "${input.title}" is not a star around one focus node; lay it out with placeGraph() and pass the placement.`);
  const clusters = input.clusters ?? [];
  const w = Math.ceil(placed.width);
  const h = Math.ceil(placed.height);

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="graph" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="group" aria-label="${escapeXml(input.title)}">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" class="graph-arrow"/></marker>` +
      `<marker id="arrow-lit" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" class="graph-arrow-lit"/></marker></defs>`,
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
  // Edges first, their labels after all of them, so no line runs over a label.
  const labels: string[] = [];
  for (const edge of placed.edges) {
    const ends = `data-from="${escapeXml(edge.from)}" data-to="${escapeXml(edge.to)}"`;
    const d = edge.orthogonal ? orthogonalPath(edge.points) : smoothPath(edge.points);
    parts.push(`<path class="graph-edge" ${ends} d="${d}" marker-end="url(#arrow)"/>`);
    for (const label of edge.labels) {
      const x = round(label.x);
      const y = round(label.y);
      const body = `<title>${escapeXml(label.text)}</title><rect x="${x}" y="${y}" width="${round(label.width)}" height="${round(label.height)}" rx="3"/><text x="${round(x + 4)}" y="${round(y + label.height - 4)}">${escapeXml(truncate(label.text, EDGE_LABEL_CHARS))}</text>`;
      labels.push(label.href ? `<a class="graph-edge-label" ${ends} href="${escapeXml(label.href)}">${body}</a>` : `<g class="graph-edge-label" ${ends}>${body}</g>`);
    }
  }
  parts.push(...labels);
  for (const node of input.nodes) {
    const box = placed.nodes.get(node.id);
    if (!box) continue;
    const x = round(box.x - NODE_WIDTH / 2);
    const y = round(box.y - NODE_HEIGHT / 2);
    const cls = `graph-node${node.variant ? ` graph-node-${node.variant}` : ''}`;
    const text = node.sublabel
      ? `<text x="${x + 10}" y="${y + 19}" class="graph-label">${escapeXml(truncate(node.label, LABEL_CHARS))}</text><text x="${x + 10}" y="${y + 35}" class="graph-sublabel">${escapeXml(truncate(node.sublabel, LABEL_CHARS + 4))}</text>`
      : `<text x="${x + 10}" y="${y + 27}" class="graph-label">${escapeXml(truncate(node.label, LABEL_CHARS))}</text>`;
    const body = `<title>${escapeXml(node.sublabel ? `${node.label} (${node.sublabel})` : node.label)}</title><rect x="${x}" y="${y}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="6"/>${text}`;
    const id = `data-node="${escapeXml(node.id)}"`;
    parts.push(node.href ? `<a class="${cls}" href="${escapeXml(node.href)}" ${id}>${body}</a>` : `<g class="${cls}" ${id}>${body}</g>`);
  }
  parts.push('</svg>');
  return parts.join('');
}
