import { describe, expect, it } from 'vitest';
import { placeStar, placeWithSideColumns, renderGraphSvg, smoothPath, type GraphInput } from '../../site/src/lib/graph.ts';

const input = {
  title: 'Lineage of <Orders>',
  nodes: [
    { id: 'a', label: 'Orders & returns', sublabel: 'checkout', href: '/products/a/', group: 'checkout' },
    { id: 'b', label: 'Customer 360', href: '/products/b/', group: 'customer' },
  ],
  edges: [{ from: 'a', to: 'b' }, { from: 'a', to: 'missing' }],
  clusters: [{ id: 'checkout', label: 'Checkout' }, { id: 'customer', label: 'Customer' }],
};

describe('renderGraphSvg', () => {
  it('links every node to its page', () => {
    const svg = renderGraphSvg(input);
    expect(svg).toContain('href="/products/a/"');
    expect(svg).toContain('href="/products/b/"');
  });

  it('gives the picture its size so the page does not shift when it loads', () => {
    expect(renderGraphSvg(input)).toMatch(/^<svg [^>]*width="\d+" height="\d+"/);
  });

  it('escapes labels and the accessible name', () => {
    const svg = renderGraphSvg(input);
    expect(svg).toContain('aria-label="Lineage of &lt;Orders&gt;"');
    expect(svg).toContain('Orders &amp; returns');
  });

  it('skips edges to nodes that are not drawn', () => {
    expect(renderGraphSvg(input).match(/class="graph-edge"/g)).toHaveLength(1);
  });

  it('draws each domain as a labelled cluster', () => {
    expect(renderGraphSvg(input)).toContain('>Checkout</text>');
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
  it('keeps the narrower of the two layouts', () => {
    // A chain is narrow top-to-bottom and wide left-to-right.
    const chain = {
      title: 'chain',
      nodes: ['a', 'b', 'c', 'd'].map((id) => ({ id, label: id })),
      edges: [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'd' }],
    };
    const width = (svg: string) => Number(/width="(\d+)"/.exec(svg)![1]);
    const auto = width(renderGraphSvg({ ...chain, direction: 'auto' }));
    expect(auto).toBe(width(renderGraphSvg({ ...chain, direction: 'TB' })));
    expect(auto).toBeLessThan(width(renderGraphSvg({ ...chain, direction: 'LR' })));
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

  it('draws every edge and links every node, as the dagre layout does', () => {
    const svg = renderGraphSvg({ ...star, nodes: star.nodes.map((n) => ({ ...n, href: `/products/${n.id}/` })) });
    expect(svg.match(/class="graph-edge"/g)).toHaveLength(3);
    for (const id of ['orders', 'carts', 'payments', 'revenue']) expect(svg).toContain(`href="/products/${id}/"`);
  });

  it('leaves a graph with an edge between two neighbours to dagre', () => {
    expect(placeStar({ ...star, edges: [...star.edges, { from: 'carts', to: 'payments' }] })).toBeUndefined();
  });

  it('leaves a graph without a focus to dagre', () => {
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

  it('puts the nodes that ask for it in columns left and right of the rest', () => {
    const placed = placeWithSideColumns(sides)!;
    const x = (id: string) => placed.nodes.get(id)!.x;
    expect(x('up-a')).toBe(x('up-b'));
    expect(x('up-a')).toBeLessThan(Math.min(x('c1'), x('c2')));
    expect(x('down')).toBeGreaterThan(Math.max(x('c1'), x('c2')));
  });

  it('orders a column by the height of what each node connects to', () => {
    // Without the edge between them, c1 and c2 stand one above the other.
    const placed = placeWithSideColumns({ ...sides, edges: sides.edges.filter((e) => e.from !== 'c1') })!;
    const y = (id: string) => placed.nodes.get(id)!.y;
    expect(y('c1')).not.toBe(y('c2'));
    expect(Math.sign(y('up-b') - y('up-a'))).toBe(Math.sign(y('c1') - y('c2')));
  });

  it('draws every edge once and fits every node inside the picture', () => {
    const placed = placeWithSideColumns(sides)!;
    expect(placed.edges).toHaveLength(4);
    for (const point of placed.nodes.values()) {
      expect(point.x - 88).toBeGreaterThanOrEqual(0);
      expect(point.x + 88).toBeLessThanOrEqual(placed.width);
      expect(point.y - 22).toBeGreaterThanOrEqual(0);
      expect(point.y + 22).toBeLessThanOrEqual(placed.height);
    }
  });

  it('leaves a graph without side nodes to the other layouts', () => {
    expect(placeWithSideColumns({ ...sides, nodes: sides.nodes.map(({ column: _, ...node }) => node) })).toBeUndefined();
  });
});
