import { Background, Controls, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import type { PipelineGraph } from '../api/types';
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH } from '../lib/layout';
import { backpressureHue, formatRate, type OperatorStats } from '../lib/metrics';

interface Props {
  graph?: PipelineGraph | null;
  selected?: string | null;
  onSelect?: (nodeId: string) => void;
  height?: number;
  /** the operators' latest metrics: each is coloured by its backpressure and labelled with its rates */
  stats?: Map<string, OperatorStats>;
}

/**
 * The operator graph of a pipeline, laid out with dagre; clicking (or Enter on) an operator selects it.
 * With metrics, each operator shows its records per second and is coloured by its backpressure
 * (green none, red always blocked; the percentage is written too).
 */
export function Graph({ graph, selected, onSelect, height = 360, stats }: Props) {
  const { nodes, edges } = useMemo(() => {
    const laid = layoutGraph(graph);
    const nodes: Node[] = laid.nodes.map((n) => {
      const s = stats?.get(n.id);
      const rates = s ? `${formatRate(s.recordsIn)}/s in · ${formatRate(s.recordsOut)}/s out` : undefined;
      const bp = s ? `${Math.round(s.backpressure * 100)}% backpressure` : undefined;
      return {
        id: n.id,
        position: { x: n.x, y: n.y },
        data: {
          label: (
            <div className="op" data-node-id={n.id} data-backpressure={s?.backpressure} title={n.description}>
              <strong>{n.label} <span className="muted">×{n.parallelism}</span></strong>
              <span className="muted">{n.description.length > 60 ? n.description.slice(0, 57) + '…' : n.description}</span>
              {s && <span className="op-rates" data-testid="operator-rate">{rates}</span>}
              {s && <span className="op-bp" data-testid="operator-backpressure">{bp}</span>}
            </div>
          ),
        },
        className: 'op-node' + (selected === n.id ? ' selected' : '') + (s ? ' measured' : ''),
        ariaLabel: `operator ${n.label}${s ? `: ${rates}, ${bp}` : ''}`,
        selectable: true,
        focusable: true,
        style: { width: NODE_WIDTH, height: NODE_HEIGHT, ...(s ? { ['--bp-hue' as string]: backpressureHue(s.backpressure) } : {}) },
      };
    });
    const edges: Edge[] = laid.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, label: e.label, animated: true }));
    return { nodes, edges };
  }, [graph, selected, stats]);
  if (!graph || (graph.nodes ?? []).length === 0) return <p className="muted">No operators.</p>;
  return (
    <div className="graph" style={{ height }}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        fitView
        nodesDraggable={false}
        nodesConnectable={false}
        onNodeClick={(_, n) => onSelect?.(n.id)}
        onKeyDown={(e) => {
          const id = (e.target as HTMLElement).closest('.react-flow__node')?.getAttribute('data-id');
          if (e.key === 'Enter' && id) onSelect?.(id);
        }}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
