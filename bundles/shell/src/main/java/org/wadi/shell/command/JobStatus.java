package org.wadi.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.wadi.api.service.Job;
import org.wadi.api.service.JobTransition;
import org.wadi.api.service.PipelineService;
import org.wadi.shell.completers.PipelineIdCompleter;

/** {@code wadi:job-status}: a pipeline's jobs with their state, and each job's state history. */
@Service
@Command(scope = "wadi", name = "job-status", description = "Shows a pipeline's jobs with their state, and each job's state history.")
public class JobStatus implements Action {

    @Reference
    PipelineService pipelines;

    @Argument(index = 0, name = "pipeline-id", description = "The pipeline's id", required = true)
    @Completion(PipelineIdCompleter.class)
    String pipelineId;

    @Override
    public Object execute() {
        List<Job> jobs = pipelines.jobs(pipelineId);
        ShellTable table = new ShellTable();
        table.column("Job");
        table.column("State");
        table.column("Running desired");
        table.column("Run").alignRight();
        table.column("Tasks").alignRight();
        table.column("Started");
        table.column("Finished");
        table.column("Failure");
        table.emptyTableText("no jobs");
        for (Job j : jobs) {
            String failure = j.failureReason() == null ? ""
                    : "[" + j.failureReason().domain() + "] " + j.failureReason().error();
            table.addRow().addContent(j.id(), j.state(), j.runningDesired(), j.runId(),
                    j.tasks() == null ? "" : j.tasks(), Times.format(j.startTime()), Times.format(j.finishTime()), failure);
        }
        table.print(System.out);

        for (Job j : jobs) {
            System.out.println();
            System.out.println("History of job " + j.id() + ":");
            ShellTable history = new ShellTable();
            history.column("At");
            history.column("From");
            history.column("To");
            history.column("Reason");
            history.emptyTableText("no transitions");
            for (JobTransition t : pipelines.history(pipelineId, j.id())) {
                history.addRow().addContent(Times.format(t.at()), t.from() == null ? "" : t.from(), t.to(),
                        t.reason() == null ? "" : t.reason());
            }
            history.print(System.out);
        }
        return null;
    }
}
