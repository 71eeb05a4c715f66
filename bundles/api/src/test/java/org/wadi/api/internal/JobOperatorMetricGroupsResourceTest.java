package org.wadi.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wadi.api.service.ApiException;
import org.wadi.api.service.OperatorMetricGroupCollection;
import org.wadi.api.service.Pipeline;
import org.wadi.api.service.PipelinePost;
import org.wadi.controller.OperatorMetrics;
import org.wadi.controller.OperatorMetrics.Name;
import org.wadi.controller.OperatorMetrics.Point;
import org.wadi.controller.OperatorMetrics.SubtaskSeries;

/** {@code GET …/jobs/{job_id}/operator_metric_groups}: Arroyo's shape, the graph's order, 404s, and no controller. */
class JobOperatorMetricGroupsResourceTest {

    private final FakeStore store = new FakeStore();
    private final DefaultPipelineService pipelines = new DefaultPipelineService(new FakePlanner(), store,
            ApiSettings.defaults(), Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC));
    private final DefaultJobService service = new DefaultJobService(store, store, store, ApiSettings.defaults());
    private final JobOperatorMetricGroupsResource resource = new JobOperatorMetricGroupsResource(service);
    private final ObjectMapper mapper = ApiJson.newMapper();

    private String[] pipelineAndJob() {
        Pipeline p = pipelines.create(new PipelinePost("p", "INSERT INTO out SELECT * FROM events", 2));
        return new String[] {p.id(), pipelines.jobs(p.id()).get(0).id()};
    }

    private static SubtaskSeries subtask(String op, int index, double sent) {
        return new SubtaskSeries(op, index, Map.of(
                Name.MESSAGES_SENT, List.of(new Point(1_000_000, sent), new Point(6_000_000, sent * 2)),
                Name.BACKPRESSURE, List.of(new Point(6_000_000, 0.5))));
    }

    @Test
    void groupsPerOperatorInTheGraphsOrderPerMetricPerSubtask() throws Exception {
        String[] pj = pipelineAndJob();
        String job = pj[1];
        // the controller's series, out of order
        OperatorMetrics controller = id -> id.equals(job)
                ? List.of(subtask("sink_2", 0, 5), subtask("source_1", 1, 20), subtask("source_1", 0, 10))
                : List.of();
        service.setOperatorMetrics(controller);

        OperatorMetricGroupCollection c = resource.metrics(pj[0], job);
        JsonNode json = mapper.readTree(mapper.writeValueAsString(c));

        JsonNode data = json.get("data");
        assertEquals(2, data.size());
        assertEquals("source_1", data.get(0).get("operator_id").asText());
        assertEquals("sink_2", data.get(1).get("operator_id").asText());
        JsonNode groups = data.get(0).get("metric_groups");
        List<String> names = new java.util.ArrayList<>();
        groups.forEach(g -> names.add(g.get("name").asText()));
        assertEquals(List.of("bytes_recv", "bytes_sent", "messages_recv", "messages_sent", "backpressure",
                "tx_queue_size", "tx_queue_rem"), names);
        JsonNode sent = groups.get(3).get("subtasks");
        assertEquals(1, sent.get(1).get("index").asInt());
        assertEquals(2, sent.get(1).get("metrics").size());
        assertEquals(6_000_000L, sent.get(1).get("metrics").get(1).get("time").asLong());
        assertEquals(40.0, sent.get(1).get("metrics").get(1).get("value").asDouble());
        assertEquals(0, groups.get(0).get("subtasks").get(0).get("metrics").size(), "no bytes series: empty");
        assertEquals(0.5, groups.get(4).get("subtasks").get(0).get("metrics").get(0).get("value").asDouble());
    }

    @Test
    void emptyWhenTheJobDoesNotRunOnThisServersController() {
        String[] pj = pipelineAndJob();
        assertEquals(List.of(), resource.metrics(pj[0], pj[1]).data(), "no controller service at all");
        service.setOperatorMetrics(id -> List.of());
        assertEquals(List.of(), resource.metrics(pj[0], pj[1]).data(), "a controller without the job");
    }

    @Test
    void unknownPipelineOrJobIs404() {
        String[] pj = pipelineAndJob();
        service.setOperatorMetrics(id -> List.of(subtask("source_1", 0, 1)));
        ApiException e = assertThrows(ApiException.class, () -> resource.metrics("pl_none", pj[1]));
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("pl_none"), e.getMessage());
        e = assertThrows(ApiException.class, () -> resource.metrics(pj[0], "job_none"));
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("job_none"), e.getMessage());
    }
}
