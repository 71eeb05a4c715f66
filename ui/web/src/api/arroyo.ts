// Shapes of Arroyo's endpoints that this server's OpenAPI document does not have yet (operator
// metrics, see Arroyo's openapi). The operator panel answers their 404 with "no metrics yet".

export interface Metric {
  time: number;
  value: number;
}

export interface SubtaskMetrics {
  index: number;
  metrics: Metric[];
}

export interface MetricGroup {
  name: string;
  subtasks: SubtaskMetrics[];
}

export interface OperatorMetricGroup {
  nodeId: string;
  metricGroups: MetricGroup[];
}
