import fc from 'fast-check';
import { MinCostFlow } from './min-cost-flow';

/** Brute force: the best total over every way to give each row one distinct column (rows ≤ columns). */
function bestAssignment(cost: number[][]): number {
  const columns = cost[0]?.length ?? 0;
  const walk = (row: number, used: Set<number>): number => {
    if (row === cost.length) return 0;
    let best = Infinity;
    for (let col = 0; col < columns; col++) {
      if (used.has(col)) continue;
      used.add(col);
      best = Math.min(best, cost[row][col] + walk(row + 1, used));
      used.delete(col);
    }
    return best;
  };
  return walk(0, new Set());
}

describe('MinCostFlow', () => {
  it('finds the minimum-cost assignment, negative costs included (checked by brute force)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((rows) =>
          fc.integer({ min: rows, max: 7 }).chain((columns) =>
            fc.array(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }),
          ),
        ),
        (cost) => {
          const rows = cost.length;
          const columns = cost[0].length;
          const flow = new MinCostFlow(rows + columns + 2);
          const sink = rows + columns + 1;
          for (let r = 0; r < rows; r++) flow.addEdge(0, 1 + r, 1, 0);
          for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) flow.addEdge(1 + r, 1 + rows + c, 1, cost[r][c]);
          for (let c = 0; c < columns; c++) flow.addEdge(1 + rows + c, sink, 1, 0);
          const result = flow.run(0, sink);
          expect(result.flow).toBe(rows);
          expect(result.cost).toBe(bestAssignment(cost));
        },
      ),
      { numRuns: 300, seed: 31 },
    );
  });

  it('stops at the maximum flow when capacity runs out, and reports the flow on each edge', () => {
    const flow = new MinCostFlow(4);
    const a = flow.addEdge(0, 1, 2, 1);
    const b = flow.addEdge(0, 2, 5, 3);
    flow.addEdge(1, 3, 5, 0);
    flow.addEdge(2, 3, 1, 0);
    expect(flow.run(0, 3)).toEqual({ flow: 3, cost: 5 });
    expect([flow.flowOn(a), flow.flowOn(b)]).toEqual([2, 1]);
  });
});
