import { describe, expect, it } from 'vitest';
import { placeStar, renderGraphSvg, smoothPath } from '../../site/src/lib/graph.ts';

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
