import { describe, expect, it } from 'vitest';
import { countCrossings, orthogonalPath, placeGraph, placeStar, placeWithSideColumns, renderGraphSvg, smoothPath, type GraphInput, type Placement } from '../../site/src/lib/graph.ts';

const input = {
  title: 'Lineage of <Orders>',
  nodes: [
    { id: 'a', label: 'Orders & returns', sublabel: 'checkout', href: '/products/a/', group: 'checkout' },
    { id: 'b', label: 'Customer 360', href: '/products/b/', group: 'customer' },
  ],
  edges: [{ from: 'a', to: 'b' }, { from: 'a', to: 'missing' }],
  clusters: [{ id: 'checkout', label: 'Checkout' }, { id: 'customer', label: 'Customer' }],
};

/** The picture as the map pages draw it: placed by placeGraph (ELK here), then rendered. */
const draw = async (graph: GraphInput): Promise<string> => renderGraphSvg(graph, await placeGraph(graph));

describe('renderGraphSvg', () => {
  it('links every node to its page', async () => {
    const svg = await draw(input);
    expect(svg).toContain('href="/products/a/"');
    expect(svg).toContain('href="/products/b/"');
  });

  it('gives the picture its size so the page does not shift when it loads', async () => {
    expect(await draw(input)).toMatch(/^<svg [^>]*width="\d+" height="\d+"/);
  });

  it('escapes labels and the accessible name', async () => {
    const svg = await draw(input);
    expect(svg).toContain('aria-label="Lineage of &lt;Orders&gt;"');
    expect(svg).toContain('Orders &amp; returns');
  });

  it('skips edges to nodes that are not drawn', async () => {
    expect((await draw(input)).match(/class="graph-edge"/g)).toHaveLength(1);
  });

  it('draws each domain as a labelled cluster', async () => {
    expect(await draw(input)).toContain('>Checkout</text>');
  });

  it('labels an edge with its contract, linked to the contract’s page', async () => {
    const svg = await draw({ ...input, edges: [{ from: 'a', to: 'b', labels: [{ text: 'orders-v1', href: '/contracts/orders-v1/' }] }] });
    expect(svg).toMatch(/<a class="graph-edge-label" data-from="a" data-to="b" href="\/contracts\/orders-v1\/"><title>orders-v1<\/title><rect [^>]*\/><text [^>]*>orders-v1<\/text><\/a>/);
  });

  it('draws two contracts between the same products as one edge with both labels', async () => {
    const svg = await draw({ ...input, edges: [{ from: 'a', to: 'b', labels: [{ text: 'orders-v1' }] }, { from: 'a', to: 'b', labels: [{ text: 'refunds-v1' }] }] });
    expect(svg.match(/class="graph-edge"/g)).toHaveLength(1);
    expect(svg.match(/class="graph-edge-label"/g)).toHaveLength(2);
  });

  it('marks each node and edge with the ids the map’s script traces lineage by', async () => {
    const svg = await draw(input);
    expect(svg).toContain('<a class="graph-node" href="/products/a/" data-node="a">');
    expect(svg).toMatch(/<path class="graph-edge" data-from="a" data-to="b" d="M[^"]+" marker-end="url\(#arrow\)"\/>/);
  });

  it('asks for a placement for a graph that is not a star', () => {
    expect(() => renderGraphSvg(input)).toThrow(/is not a star around one focus node; lay it out with placeGraph\(\)/);
  });
});

describe('placeGraph with ELK', () => {
  /** Two domains, three products: a → b inside checkout, b → c into customer. */
  const clustered: GraphInput = {
    title: 'Mesh',
    nodes: [
      { id: 'a', label: 'A', group: 'checkout' },
      { id: 'b', label: 'B', group: 'checkout' },
      { id: 'c', label: 'C', group: 'customer' },
    ],
    edges: [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }],
    clusters: [{ id: 'checkout', label: 'Checkout' }, { id: 'customer', label: 'Customer' }],
  };
  const inside = (point: { x: number; y: number }, box: { x: number; y: number; width: number; height: number }) =>
    Math.abs(point.x - box.x) <= box.width / 2 && Math.abs(point.y - box.y) <= box.height / 2;

  it('puts each product inside its domain’s box', async () => {
    const placed = await placeGraph(clustered);
    expect(inside(placed.nodes.get('a')!, placed.clusters.get('checkout')!)).toBe(true);
    expect(inside(placed.nodes.get('b')!, placed.clusters.get('checkout')!)).toBe(true);
    expect(inside(placed.nodes.get('c')!, placed.clusters.get('customer')!)).toBe(true);
    expect(inside(placed.nodes.get('c')!, placed.clusters.get('checkout')!)).toBe(false);
  });

  it('routes edges orthogonally: every segment horizontal or vertical', async () => {
    const placed = await placeGraph(clustered);
    for (const edge of placed.edges) {
      expect(edge.orthogonal).toBe(true);
      for (let i = 1; i < edge.points.length; i++) {
        const [p, q] = [edge.points[i - 1], edge.points[i]];
        expect(Math.min(Math.abs(p.x - q.x), Math.abs(p.y - q.y))).toBeLessThan(0.01);
      }
    }
  });

  it('places an edge’s label beside the edge, between its two ends', async () => {
    const placed = await placeGraph({ ...clustered, direction: 'LR', edges: [{ from: 'a', to: 'b', labels: [{ text: 'orders-v1' }] }] });
    const [label] = placed.edges[0].labels;
    const [a, b] = [placed.nodes.get('a')!, placed.nodes.get('b')!];
    expect(label.x).toBeGreaterThan(Math.min(a.x, b.x));
    expect(label.x + label.width).toBeLessThan(Math.max(a.x, b.x));
  });

  it('draws no edge from a product to itself and every other edge once', async () => {
    const placed = await placeGraph({ ...clustered, edges: [...clustered.edges, { from: 'a', to: 'a' }, { from: 'a', to: 'b' }] });
    expect(placed.edges.map((e) => `${e.from}>${e.to}`).sort()).toEqual(['a>b', 'b>c']);
  });
});

describe('countCrossings', () => {
  it('counts two routes that cross as one crossing', () => {
    expect(countCrossings([[{ x: 0, y: 5 }, { x: 10, y: 5 }], [{ x: 5, y: 0 }, { x: 5, y: 10 }]])).toBe(1);
  });

  it('counts no crossing for routes that only meet at an end, as edges from one product do', () => {
    expect(countCrossings([[{ x: 0, y: 0 }, { x: 10, y: 0 }], [{ x: 0, y: 0 }, { x: 0, y: 10 }], [{ x: 10, y: 0 }, { x: 10, y: 10 }]])).toBe(0);
  });

  it('counts no crossing for routes that run along each other', () => {
    expect(countCrossings([[{ x: 0, y: 0 }, { x: 10, y: 0 }], [{ x: 5, y: 0 }, { x: 15, y: 0 }]])).toBe(0);
  });

  it('counts each bend of an orthogonal route that crosses another line', () => {
    // Right, down and back left: the vertical line is crossed on the way out and on the way back.
    const hook = [{ x: 0, y: 0 }, { x: 20, y: 0 }, { x: 20, y: 10 }, { x: 0, y: 10 }];
    expect(countCrossings([hook, [{ x: 10, y: -5 }, { x: 10, y: 15 }]])).toBe(2);
  });

  it('counts a point where a shared trunk crosses a line once', () => {
    const trunk = (end: number) => [{ x: 0, y: 0 }, { x: 0, y: 10 }, { x: end, y: 10 }];
    expect(countCrossings([trunk(5), trunk(-5), [{ x: -5, y: 5 }, { x: 5, y: 5 }]])).toBe(1);
  });
});

describe('orthogonalPath', () => {
  it('rounds each bend and ends exactly at the last point', () => {
    expect(orthogonalPath([{ x: 0, y: 0 }, { x: 20, y: 0 }, { x: 20, y: 20 }])).toBe('M0 0L14 0Q20 0 20 6L20 20');
  });
});

describe('smoothPath', () => {
  it('starts at the first point and ends at the last', () => {
    const d = smoothPath([{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 10 }, { x: 20, y: 10 }]);
    expect(d.startsWith('M0 0')).toBe(true);
    expect(d.endsWith('20 10')).toBe(true);
  });

  it('draws a straight line between two points', () => {
    expect(smoothPath([{ x: 0, y: 0 }, { x: 5, y: 5 }])).toBe('M0 0L5 5');
  });
});

describe('automatic direction', () => {
  it('keeps the narrower of the two layouts', async () => {
    // A chain is narrow top-to-bottom and wide left-to-right.
    const chain = {
      title: 'chain',
      nodes: ['a', 'b', 'c', 'd'].map((id) => ({ id, label: id })),
      edges: [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'd' }],
    };
    const width = async (direction: GraphInput['direction']) => (await placeGraph({ ...chain, direction })).width;
    const auto = await width('auto');
    expect(auto).toBe(await width('TB'));
    expect(auto).toBeLessThan(await width('LR'));
  });
});

describe('a product’s lineage (a star around one focus)', () => {
  const star = {
    title: 'Lineage of orders',
    nodes: [
      { id: 'orders', label: 'Orders', variant: 'focus' as const },
      { id: 'carts', label: 'Carts' },
      { id: 'payments', label: 'Payments' },
      { id: 'revenue', label: 'Revenue' },
    ],
    edges: [{ from: 'carts', to: 'orders' }, { from: 'payments', to: 'orders' }, { from: 'orders', to: 'revenue' }],
  };

  it('puts upstream products left of the focus and consumers right of it', () => {
    const placed = placeStar(star)!;
    const x = (id: string) => placed.nodes.get(id)!.x;
    expect(x('carts')).toBe(x('payments'));
    expect(x('carts')).toBeLessThan(x('orders'));
    expect(x('orders')).toBeLessThan(x('revenue'));
  });

  it('stacks a column without overlapping nodes and fits the picture around all of them', () => {
    const placed = placeStar(star)!;
    const [a, b] = [placed.nodes.get('carts')!, placed.nodes.get('payments')!];
    expect(Math.abs(a.y - b.y)).toBeGreaterThanOrEqual(44);
    for (const point of placed.nodes.values()) {
      expect(point.x).toBeLessThan(placed.width);
      expect(point.y).toBeLessThan(placed.height);
    }
  });

  it('draws every edge and links every node, without a placement of its own', () => {
    const svg = renderGraphSvg({ ...star, nodes: star.nodes.map((n) => ({ ...n, href: `/products/${n.id}/` })) });
    expect(svg.match(/class="graph-edge"/g)).toHaveLength(3);
    for (const id of ['orders', 'carts', 'payments', 'revenue']) expect(svg).toContain(`href="/products/${id}/"`);
  });

  it('leaves a graph with an edge between two neighbours to ELK', () => {
    expect(placeStar({ ...star, edges: [...star.edges, { from: 'carts', to: 'payments' }] })).toBeUndefined();
  });

  it('leaves a graph without a focus to ELK', () => {
    expect(placeStar({ ...star, nodes: star.nodes.map((n) => ({ ...n, variant: undefined })) })).toBeUndefined();
  });
});

describe('placeWithSideColumns', () => {
  const sides: GraphInput = {
    title: 'Lineage in Customer',
    nodes: [
      { id: 'c1', label: 'C1' },
      { id: 'c2', label: 'C2' },
      { id: 'up-b', label: 'Up B', column: 'before' },
      { id: 'up-a', label: 'Up A', column: 'before' },
      { id: 'down', label: 'Down', column: 'after' },
    ],
    edges: [
      { from: 'c1', to: 'c2' },
      { from: 'up-a', to: 'c2' },
      { from: 'up-b', to: 'c1' },
      { from: 'c2', to: 'down' },
    ],
  };

  /** As placeGraph calls it: the nodes without a column placed first (here by ELK). */
  const placeSides = async (graph: GraphInput): Promise<Placement> => {
    const core = graph.nodes.filter((n) => !n.column);
    const ids = new Set(core.map((n) => n.id));
    const inner = await placeGraph({ title: graph.title, nodes: core, edges: graph.edges.filter((e) => ids.has(e.from) && ids.has(e.to)) });
    return placeWithSideColumns(graph, inner)!;
  };

  it('puts the nodes that ask for it in columns left and right of the rest', async () => {
    const placed = await placeSides(sides);
    const x = (id: string) => placed.nodes.get(id)!.x;
    expect(x('up-a')).toBe(x('up-b'));
    expect(x('up-a')).toBeLessThan(Math.min(x('c1'), x('c2')));
    expect(x('down')).toBeGreaterThan(Math.max(x('c1'), x('c2')));
  });

  it('orders a column by the height of what each node connects to', async () => {
    // Without the edge between them, c1 and c2 stand one above the other.
    const placed = await placeSides({ ...sides, edges: sides.edges.filter((e) => e.from !== 'c1') });
    const y = (id: string) => placed.nodes.get(id)!.y;
    expect(y('c1')).not.toBe(y('c2'));
    expect(Math.sign(y('up-b') - y('up-a'))).toBe(Math.sign(y('c1') - y('c2')));
  });

  it('draws every edge once and fits every node inside the picture', async () => {
    const placed = await placeSides(sides);
    expect(placed.edges).toHaveLength(4);
    for (const point of placed.nodes.values()) {
      expect(point.x - 88).toBeGreaterThanOrEqual(0);
      expect(point.x + 88).toBeLessThanOrEqual(placed.width);
      expect(point.y - 22).toBeGreaterThanOrEqual(0);
      expect(point.y + 22).toBeLessThanOrEqual(placed.height);
    }
  });

  it('leaves a graph without side nodes to the other layouts', async () => {
    const plain = { ...sides, nodes: sides.nodes.map(({ column: _, ...node }) => node) };
    expect(placeWithSideColumns(plain, await placeGraph(plain))).toBeUndefined();
  });
});
