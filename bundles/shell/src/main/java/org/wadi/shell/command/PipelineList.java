package org.wadi.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.wadi.api.service.Job;
import org.wadi.api.service.Pipeline;
import org.wadi.api.service.PipelineService;
import org.wadi.shell.completers.PipelineIdCompleter;

/** {@code wadi:pipeline-list}: the pipelines, newest first, with their latest job's state. */
@Service
@Command(scope = "wadi", name = "pipeline-list", description = "Lists the pipelines, newest first, with the state of their latest job.")
public class PipelineList implements Action {

    @Reference
    PipelineService pipelines;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Name");
        table.column("State");
        table.column("Parallelism").alignRight();
        table.column("Created");
        table.emptyTableText("no pipelines");
        for (Pipeline p : PipelineIdCompleter.all(pipelines)) {
            List<Job> jobs = pipelines.jobs(p.id());
            String state = jobs.isEmpty() ? "" : jobs.get(0).state();
            table.addRow().addContent(p.id(), p.name(), state, p.graph().maxParallelism(), Times.format(p.createdAt()));
        }
        table.print(System.out);
        return null;
    }
}
