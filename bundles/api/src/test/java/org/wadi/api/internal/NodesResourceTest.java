package org.wadi.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wadi.api.service.Checkpoint;
import org.wadi.api.service.Job;
import org.wadi.api.service.JobLogMessageCollection;
import org.wadi.api.service.JobService;
import org.wadi.api.service.OperatorCheckpointGroup;
import org.wadi.spi.scheduler.Scheduler;
import org.wadi.spi.scheduler.SchedulerNode;
import org.wadi.spi.scheduler.WorkerHandle;
import org.wadi.spi.scheduler.WorkerRequest;

/** GET /api/v1/nodes: the server with its local schedulers, and the nodes schedulers place workers on. */
class NodesResourceTest {

    /** A scheduler with fixed workers for job_1 and fixed nodes. */
    private record Fixed(List<WorkerHandle> handles, List<SchedulerNode> placed) implements Scheduler {
        @Override
        public void startWorkers(WorkerRequest request) {
        }

        @Override
        public void stopWorkers(String jobId, long runId, boolean force) {
        }

        @Override
        public List<WorkerHandle> workers(String jobId) {
            return jobId.equals("job_1") ? handles : List.of();
        }

        @Override
        public List<SchedulerNode> nodes() {
            return placed;
        }
    }

    private static final JobService JOBS = new JobService() {
        @Override
        public List<Job> allJobs() {
            return List.of(new Job("job_1", "pl_1", true, "Running", 2, null, null, null, null, 0),
                    new Job("job_0", "pl_0", false, "Stopped", 1, null, null, null, null, 0));
        }

        @Override
        public List<Checkpoint> checkpoints(String pipelineId, String jobId) {
            return List.of();
        }

        @Override
        public List<OperatorCheckpointGroup> operatorCheckpointGroups(String pipelineId, String jobId, String epoch) {
            return List.of();
        }

        @Override
        public JobLogMessageCollection errors(String pipelineId, String jobId, String startingAfter, Integer limit) {
            return null;
        }
    };

    @Test
    void theServerAndTheRegisteredNodesWithTheirSlotsAndWorkers() {
        NodesResource r = new NodesResource(JOBS);
        r.addScheduler(new Fixed(List.of(new WorkerHandle("wkr_a", "job_1", 2, "pid 10", true)), List.of()),
                Map.of(Scheduler.NAME_PROPERTY, "process"));
        r.addScheduler(new Fixed(List.of(new WorkerHandle("wkr_b", "job_1", 2, "node n1: pid 20", true, "n1"),
                new WorkerHandle("wkr_c", "job_1", 2, "node n2 lost", false, "n2")),
                List.of(new SchedulerNode("n1", "host-1", 4, 3, 1), new SchedulerNode("n3", "host-3", 2, 2, 0))),
                Map.of(Scheduler.NAME_PROPERTY, "node"));

        NodeCollection c = r.nodes();

        assertEquals(List.of("server", "n1", "n3"), c.nodes().stream().map(NodeInfo::id).toList());
        NodeInfo server = c.nodes().get(0);
        assertEquals(List.of("process"), server.schedulers());
        assertEquals(1, server.workers());
        assertNull(server.slots());
        NodeInfo n1 = c.nodes().get(1);
        assertEquals(new NodeInfo("n1", "host-1", List.of("node"), 1, 1, 4, 3), n1);
        assertEquals(new NodeInfo("n3", "host-3", List.of("node"), 0, 0, 2, 2), c.nodes().get(2));
        // every worker with its node; the lost node's worker too, though its node is gone
        assertEquals(List.of("n1 wkr_b", "n2 wkr_c", "server wkr_a"),
                c.workers().stream().map(w -> w.node() + " " + w.workerId()).sorted().toList());
    }
}
