/**
 * Min-cost max-flow with integer costs (negative allowed on a graph without negative cycles): primal-dual —
 * Bellman-Ford for the first potentials, then Dijkstra on reduced costs and a blocking flow on the zero
 * reduced-cost edges per phase, so many unit paths are pushed per shortest-path computation.
 */
export class MinCostFlow {
  private readonly head: number[];
  private readonly to: number[] = [];
  private readonly next: number[] = [];
  private readonly capacity: number[] = [];
  private readonly cost: number[] = [];

  constructor(private readonly nodes: number) {
    this.head = new Array<number>(nodes).fill(-1);
  }

  /** Adds u → v and returns the edge id (its flow is read with flowOn). */
  addEdge(from: number, to: number, capacity: number, cost: number): number {
    const id = this.to.length;
    this.push(from, to, capacity, cost);
    this.push(to, from, 0, -cost);
    return id;
  }

  flowOn(edge: number): number {
    return this.capacity[edge ^ 1];
  }

  /** Pushes as much flow as possible from source to sink at minimum cost. */
  run(source: number, sink: number): { flow: number; cost: number } {
    const potential = this.initialPotentials(source);
    let flow = 0;
    let totalCost = 0;
    const dist = new Float64Array(this.nodes);
    for (;;) {
      this.dijkstra(source, potential, dist);
      if (dist[sink] === Infinity) break;
      for (let v = 0; v < this.nodes; v++) if (dist[v] !== Infinity) potential[v] += dist[v];
      const pushed = this.blockingFlow(source, sink, potential);
      if (pushed.flow === 0) break;
      flow += pushed.flow;
      totalCost += pushed.cost;
    }
    return { flow, cost: totalCost };
  }

  private push(from: number, to: number, capacity: number, cost: number): void {
    this.to.push(to);
    this.capacity.push(capacity);
    this.cost.push(cost);
    this.next.push(this.head[from]);
    this.head[from] = this.to.length - 1;
  }

  private initialPotentials(source: number): Float64Array {
    const potential = new Float64Array(this.nodes).fill(Infinity);
    potential[source] = 0;
    const queued = new Uint8Array(this.nodes);
    const queue: number[] = [source];
    queued[source] = 1;
    for (let i = 0; i < queue.length; i++) {
      const u = queue[i];
      queued[u] = 0;
      for (let e = this.head[u]; e !== -1; e = this.next[e]) {
        if (this.capacity[e] <= 0) continue;
        const v = this.to[e];
        const candidate = potential[u] + this.cost[e];
        if (candidate < potential[v]) {
          potential[v] = candidate;
          if (!queued[v]) {
            queued[v] = 1;
            queue.push(v);
          }
        }
      }
    }
    for (let v = 0; v < this.nodes; v++) if (potential[v] === Infinity) potential[v] = 0;
    return potential;
  }

  private dijkstra(source: number, potential: Float64Array, dist: Float64Array): void {
    dist.fill(Infinity);
    dist[source] = 0;
    const heapNode: number[] = [source];
    const heapKey: number[] = [0];
    while (heapNode.length) {
      const u = heapNode[0];
      const key = heapKey[0];
      const lastNode = heapNode.pop() as number;
      const lastKey = heapKey.pop() as number;
      if (heapNode.length) siftDown(heapNode, heapKey, lastNode, lastKey);
      if (key > dist[u]) continue;
      for (let e = this.head[u]; e !== -1; e = this.next[e]) {
        if (this.capacity[e] <= 0) continue;
        const v = this.to[e];
        // Reduced costs are ≥ 0 in exact arithmetic; the clamp guards the unreachable-node potentials.
        const reduced = Math.max(0, this.cost[e] + potential[u] - potential[v]);
        const candidate = key + reduced;
        if (candidate < dist[v]) {
          dist[v] = candidate;
          siftUp(heapNode, heapKey, v, candidate);
        }
      }
    }
  }

  private blockingFlow(source: number, sink: number, potential: Float64Array): { flow: number; cost: number } {
    const current = [...this.head];
    const visited = new Uint8Array(this.nodes);
    let flow = 0;
    let cost = 0;
    const pathEdges: number[] = [];
    // Iterative DFS on admissible edges (reduced cost 0), one unit of bottleneck per path.
    for (;;) {
      pathEdges.length = 0;
      visited.fill(0);
      let u = source;
      visited[u] = 1;
      while (u !== sink) {
        let advanced = false;
        for (let e = current[u]; e !== -1; e = this.next[e]) {
          current[u] = e;
          const v = this.to[e];
          if (this.capacity[e] > 0 && !visited[v] && this.cost[e] + potential[u] - potential[v] === 0) {
            pathEdges.push(e);
            visited[v] = 1;
            u = v;
            advanced = true;
            break;
          }
        }
        if (advanced) continue;
        current[u] = -1;
        if (u === source) return { flow, cost };
        const back = pathEdges.pop() as number;
        u = this.to[back ^ 1];
        current[u] = this.next[current[u]] ?? -1;
      }
      let bottleneck = Infinity;
      for (const e of pathEdges) bottleneck = Math.min(bottleneck, this.capacity[e]);
      for (const e of pathEdges) {
        this.capacity[e] -= bottleneck;
        this.capacity[e ^ 1] += bottleneck;
        cost += bottleneck * this.cost[e];
      }
      flow += bottleneck;
    }
  }
}

function siftUp(nodes: number[], keys: number[], node: number, key: number): void {
  let i = nodes.length;
  nodes.push(node);
  keys.push(key);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (keys[parent] <= key) break;
    nodes[i] = nodes[parent];
    keys[i] = keys[parent];
    i = parent;
  }
  nodes[i] = node;
  keys[i] = key;
}

function siftDown(nodes: number[], keys: number[], node: number, key: number): void {
  const size = nodes.length;
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    if (child + 1 < size && keys[child + 1] < keys[child]) child++;
    if (keys[child] >= key) break;
    nodes[i] = nodes[child];
    keys[i] = keys[child];
    i = child;
  }
  nodes[i] = node;
  keys[i] = key;
}
