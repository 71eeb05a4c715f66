package org.wadi.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.wadi.api.service.Job;
import org.wadi.api.service.JobService;

/** {@code wadi:job-list}: every job of every pipeline, as {@code GET /api/v1/jobs} lists them. */
@Service
@Command(scope = "wadi", name = "job-list", description = "Lists every job of every pipeline, newest first, with its state.")
public class JobList implements Action {

    @Reference
    JobService jobs;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Job");
        table.column("Pipeline");
        table.column("State");
        table.column("Run").alignRight();
        table.column("Tasks").alignRight();
        table.column("Started");
        table.emptyTableText("no jobs");
        for (Job j : jobs.allJobs()) {
            table.addRow().addContent(j.id(), j.pipelineId(), j.state(), j.runId(), j.tasks() == null ? "" : j.tasks(),
                    Times.format(j.startTime()));
        }
        table.print(System.out);
        return null;
    }
}
