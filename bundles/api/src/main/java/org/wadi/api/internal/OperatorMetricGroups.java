package org.wadi.api.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.wadi.api.service.OperatorMetricGroup;
import org.wadi.controller.OperatorMetrics;

/** Arranges the controller's series per subtask into Arroyo's groups: per operator, per metric, per subtask. */
final class OperatorMetricGroups {

    private OperatorMetricGroups() {
    }

    /**
     * @param series the controller's series of the job
     * @param order the operators in the order of the pipeline's graph (others follow, by id)
     */
    static List<OperatorMetricGroup> of(List<OperatorMetrics.SubtaskSeries> series, List<String> order) {
        Map<String, List<OperatorMetrics.SubtaskSeries>> byOperator = new LinkedHashMap<>();
        for (String op : order) {
            byOperator.put(op, new ArrayList<>());
        }
        for (OperatorMetrics.SubtaskSeries s : series) {
            byOperator.computeIfAbsent(s.operatorId(), k -> new ArrayList<>()).add(s);
        }
        List<OperatorMetricGroup> out = new ArrayList<>();
        for (Map.Entry<String, List<OperatorMetrics.SubtaskSeries>> e : byOperator.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            e.getValue().sort(java.util.Comparator.comparingInt(OperatorMetrics.SubtaskSeries::subtask));
            List<OperatorMetricGroup.MetricGroup> groups = new ArrayList<>();
            for (OperatorMetrics.Name name : OperatorMetrics.Name.values()) {
                List<OperatorMetricGroup.SubtaskMetrics> subtasks = new ArrayList<>();
                for (OperatorMetrics.SubtaskSeries s : e.getValue()) {
                    List<OperatorMetricGroup.Metric> points = new ArrayList<>();
                    for (OperatorMetrics.Point p : s.series().getOrDefault(name, List.of())) {
                        points.add(new OperatorMetricGroup.Metric(p.timeMicros(), p.value()));
                    }
                    subtasks.add(new OperatorMetricGroup.SubtaskMetrics(s.subtask(), points));
                }
                groups.add(new OperatorMetricGroup.MetricGroup(name.name().toLowerCase(Locale.ROOT), subtasks));
            }
            out.add(new OperatorMetricGroup(e.getKey(), groups));
        }
        return out;
    }
}
