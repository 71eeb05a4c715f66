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
import org.wadi.spi.scheduler.WorkerHandle;

/**
 * {@code wadi:nodes}: the workers the schedulers of this server run now, per job. There is no node
 * scheduler yet: each scheduler ({@code process}, {@code embedded}) runs workers on this machine,
 * so the workers are what there is to list.
 */
@Service
@Command(scope = "wadi", name = "nodes",
        description = "Lists the workers this server's schedulers run for the jobs that have not ended, with where they run.")
public class Nodes implements Action {

    private static final Set<String> ENDED = Set.of("Stopped", "Finished", "Failed");

    @Reference(optional = true)
    List<Scheduler> schedulers;

    @Reference
    JobService jobs;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Scheduler");
        table.column("Worker");
        table.column("Job");
        table.column("Run").alignRight();
        table.column("Alive");
        table.column("Where");
        table.emptyTableText("no workers");
        List<Scheduler> all = schedulers == null ? List.of() : schedulers;
        for (Job j : jobs.allJobs()) {
            if (ENDED.contains(j.state())) {
                continue;
            }
            for (Scheduler s : all) {
                for (WorkerHandle w : s.workers(j.id())) {
                    table.addRow().addContent(name(s), w.workerId(), w.jobId(), w.runId(), w.alive() ? "yes" : "no",
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
