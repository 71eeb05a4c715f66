import dagre from '@dagrejs/dagre';
import type { PipelineGraph } from '../api/types';

export interface LaidOutNode {
  id: string;
  label: string;
  description: string;
  parallelism: number;
  x: number;
  y: number;
}

export interface LaidOutEdge {
  id: string;
  source: string;
  target: string;
  label: string;
}

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 92;

/** Positions the operators of a pipeline graph top to bottom with dagre (positions are top-left corners). */
export function layoutGraph(graph: PipelineGraph | undefined | null): { nodes: LaidOutNode[]; edges: LaidOutEdge[] } {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 30, ranksep: 50 });
  g.setDefaultEdgeLabel(() => ({}));
  const nodes = (graph?.nodes ?? []).map((n) => ({
    id: n.node_id ?? '',
    operator: n.operator ?? '',
    description: n.description ?? '',
    parallelism: n.parallelism ?? 1,
  }));
  const ids = new Set(nodes.map((n) => n.id));
  for (const n of nodes) g.setNode(n.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  const edges = (graph?.edges ?? [])
    .map((e) => ({ src: e.src_id ?? '', dest: e.dest_id ?? '', type: e.edge_type ?? '' }))
    .filter((e) => ids.has(e.src) && ids.has(e.dest));
  for (const e of edges) g.setEdge(e.src, e.dest);
  dagre.layout(g);
  return {
    nodes: nodes.map((n) => {
      const p = g.node(n.id);
      return {
        id: n.id,
        label: n.operator,
        description: n.description,
        parallelism: n.parallelism,
        x: p.x - NODE_WIDTH / 2,
        y: p.y - NODE_HEIGHT / 2,
      };
    }),
    edges: edges.map((e, i) => ({ id: `e${i}-${e.src}-${e.dest}`, source: e.src, target: e.dest, label: e.type })),
  };
}
