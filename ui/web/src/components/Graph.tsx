import { Background, Controls, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import type { PipelineGraph } from '../api/types';
import { layoutGraph } from '../lib/layout';

interface Props {
  graph?: PipelineGraph | null;
  selected?: string | null;
  onSelect?: (nodeId: string) => void;
  height?: number;
}

/** The operator graph of a pipeline, laid out with dagre; clicking (or Enter on) an operator selects it. */
export function Graph({ graph, selected, onSelect, height = 360 }: Props) {
  const { nodes, edges } = useMemo(() => {
    const laid = layoutGraph(graph);
    const nodes: Node[] = laid.nodes.map((n) => ({
      id: n.id,
      position: { x: n.x, y: n.y },
      data: {
        label: (
          <div className="op" data-node-id={n.id} title={n.description}>
            <strong>{n.label}</strong>
            <span className="muted">{n.description.length > 60 ? n.description.slice(0, 57) + '…' : n.description}</span>
            <span className="muted">×{n.parallelism}</span>
          </div>
        ),
      },
      className: 'op-node' + (selected === n.id ? ' selected' : ''),
      ariaLabel: `operator ${n.label}`,
      selectable: true,
      focusable: true,
      style: { width: 220 },
    }));
    const edges: Edge[] = laid.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, label: e.label, animated: true }));
    return { nodes, edges };
  }, [graph, selected]);
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
