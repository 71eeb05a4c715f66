package org.wadi.api.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.wadi.api.service.Job;
import org.wadi.api.service.JobService;
import org.wadi.spi.scheduler.Scheduler;
import org.wadi.spi.scheduler.SchedulerNode;
import org.wadi.spi.scheduler.WorkerHandle;

/**
 * {@code GET /api/v1/nodes}: where workers run — this server, with the schedulers that start
 * workers on its machine, and the nodes schedulers place workers on (the node scheduler's
 * registered nodes, with their slots) — and the workers of the jobs that have not ended.
 */
@Component(service = {NodesResource.class, ApiPart.class})
@ApiResource
@JSONRequired
@JaxrsApplicationSelect(ApiApplication.SELECT)
@Path("nodes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "nodes")
public class NodesResource implements ApiPart {

    /** The id of the node that is this server. */
    static final String SERVER_NODE = "server";

    private static final Set<String> ENDED = Set.of("Stopped", "Finished", "Failed");

    private final JobService jobs;
    private final Map<Scheduler, String> schedulers = new ConcurrentHashMap<>();

    @Activate
    public NodesResource(@Reference JobService jobs) {
        this.jobs = jobs;
    }

    @Reference(service = Scheduler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeScheduler")
    void addScheduler(Scheduler scheduler, Map<String, Object> properties) {
        Object name = properties.get(Scheduler.NAME_PROPERTY);
        schedulers.put(scheduler, name == null ? scheduler.getClass().getSimpleName() : name.toString());
    }

    void removeScheduler(Scheduler scheduler) {
        schedulers.remove(scheduler);
    }

    @GET
    @Operation(operationId = "get_nodes", summary = "Nodes and their workers",
            description = "The nodes that run workers and the workers of the jobs that have not ended: the server "
                    + "itself (id 'server'), whose schedulers start workers on its machine, and the nodes registered "
                    + "with a node scheduler, with their slots.",
            responses = @ApiResponse(responseCode = "200", description = "Nodes and workers",
                    content = @Content(schema = @Schema(implementation = NodeCollection.class))))
    public NodeCollection nodes() {
        Map<String, Scheduler> byName = new TreeMap<>();
        schedulers.forEach((s, name) -> byName.put(name, s));
        List<WorkerInfo> workers = new ArrayList<>();
        for (Job job : jobs.allJobs()) {
            if (ENDED.contains(job.state())) {
                continue;
            }
            byName.forEach((name, s) -> {
                for (WorkerHandle w : s.workers(job.id())) {
                    workers.add(new WorkerInfo(w.node() == null ? SERVER_NODE : w.node(), name, w.workerId(),
                            w.jobId(), w.runId(), w.alive(), w.description()));
                }
            });
        }
        List<NodeInfo> nodes = new ArrayList<>();
        List<String> local = new ArrayList<>();
        byName.forEach((name, s) -> {
            List<SchedulerNode> placed = s.nodes();
            if (placed.isEmpty()) {
                local.add(name);
            }
            for (SchedulerNode n : placed) {
                List<WorkerInfo> on = workers.stream().filter(w -> w.node().equals(n.id())).toList();
                nodes.add(new NodeInfo(n.id(), n.host(), List.of(name), on.size(),
                        (int) on.stream().filter(WorkerInfo::alive).count(), n.slots(), n.freeSlots()));
            }
        });
        List<WorkerInfo> onServer = workers.stream().filter(w -> w.node().equals(SERVER_NODE)).toList();
        nodes.add(0, new NodeInfo(SERVER_NODE, hostName(), local, onServer.size(),
                (int) onServer.stream().filter(WorkerInfo::alive).count(), null, null));
        return new NodeCollection(nodes, workers);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
