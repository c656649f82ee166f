/**
 * Lineage cycles. The edges themselves (an input port names a contract; the product that serves
 * that contract on an output port is upstream) are a relation of the snapshot: `relations.lineage()`.
 */
import type { Entity } from '../model.ts';
import type { LineageEdge } from '../relations.ts';

export type { LineageEdge };

/**
 * Each cycle once, as the list of edges that close it (iterative DFS, linear in the graph). The
 * first edge of a cycle is the one found first in path order, so the finding lands stably.
 */
export function findLineageCycles(edges: readonly LineageEdge[]): LineageEdge[][] {
  const out = new Map<Entity<'DataProduct'>, LineageEdge[]>();
  for (const edge of edges) {
    // Walk downstream → upstream: the product depends on its upstream.
    const list = out.get(edge.product) ?? [];
    list.push(edge);
    out.set(edge.product, list);
  }
  const state = new Map<Entity<'DataProduct'>, 1 | 2>();
  const cycles: LineageEdge[][] = [];
  for (const start of out.keys()) {
    if (state.has(start)) continue;
    const path: LineageEdge[] = [];
    const stack: { node: Entity<'DataProduct'>; next: number }[] = [{ node: start, next: 0 }];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const outgoing = out.get(top.node) ?? [];
      if (top.next >= outgoing.length) {
        state.set(top.node, 2);
        stack.pop();
        path.pop();
        continue;
      }
      const edge = outgoing[top.next++];
      const seen = state.get(edge.upstream);
      if (seen === 1) {
        const from = path.findIndex((e) => e.product === edge.upstream);
        cycles.push([...path.slice(from === -1 ? path.length : from), edge]);
      } else if (seen === undefined) {
        state.set(edge.upstream, 1);
        path.push(edge);
        stack.push({ node: edge.upstream, next: 0 });
      }
    }
  }
  return cycles;
}
