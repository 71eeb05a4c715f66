package org.wadi.shell.command;

import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.wadi.api.service.Job;
import org.wadi.api.service.JobService;
import org.wadi.spi.scheduler.Scheduler;
import org.wadi.spi.scheduler.SchedulerNode;
import org.wadi.spi.scheduler.WorkerHandle;

/**
 * {@code wadi:nodes}: the nodes schedulers place workers on (the node scheduler's registered
 * nodes, with their slots), then the workers the schedulers of this server run now for the jobs
 * that have not ended, with the node each runs on ({@code server}: this machine) — as
 * {@code GET /api/v1/nodes}.
 */
@Service
@Command(scope = "wadi", name = "nodes",
        description = "Lists the registered nodes with their slots, and the workers this server's schedulers run for the"
                + " jobs that have not ended, with where they run.")
public class Nodes implements Action {

    private static final Set<String> ENDED = Set.of("Stopped", "Finished", "Failed");

    @Reference(optional = true)
    List<Scheduler> schedulers;

    @Reference
    JobService jobs;

    @Override
    public Object execute() {
        List<Scheduler> all = schedulers == null ? List.of() : schedulers;
        List<SchedulerNode> nodes = all.stream().flatMap(s -> s.nodes().stream()).toList();
        if (!nodes.isEmpty()) {
            ShellTable registered = new ShellTable();
            registered.column("Node");
            registered.column("Host");
            registered.column("Slots").alignRight();
            registered.column("Free").alignRight();
            registered.column("Workers").alignRight();
            for (SchedulerNode n : nodes) {
                registered.addRow().addContent(n.id(), n.host(), n.slots(), n.freeSlots(), n.workers());
            }
            registered.print(System.out);
        }
        ShellTable table = new ShellTable();
        table.column("Node");
        table.column("Scheduler");
        table.column("Worker");
        table.column("Job");
        table.column("Run").alignRight();
        table.column("Alive");
        table.column("Where");
        table.emptyTableText("no workers");
        for (Job j : jobs.allJobs()) {
            if (ENDED.contains(j.state())) {
                continue;
            }
            for (Scheduler s : all) {
                for (WorkerHandle w : s.workers(j.id())) {
                    table.addRow().addContent(w.node() == null ? "server" : w.node(), name(s), w.workerId(), w.jobId(), w.runId(), w.alive() ? "yes" : "no",
                            w.description());
                }
            }
        }
        table.print(System.out);
        return null;
    }

    /** The scheduler's implementation, for the table (the service's name property is not visible here). */
    private static String name(Scheduler s) {
        return s.getClass().getSimpleName();
    }
}
