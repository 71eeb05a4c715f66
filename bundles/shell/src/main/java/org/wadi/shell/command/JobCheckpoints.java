package org.wadi.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.wadi.api.service.Checkpoint;
import org.wadi.api.service.JobService;
import org.wadi.api.service.PipelineService;
import org.wadi.shell.completers.JobIdCompleter;
import org.wadi.shell.completers.PipelineIdCompleter;

/** {@code wadi:job-checkpoints}: a job's checkpoints, as {@code GET …/jobs/{job_id}/checkpoints} lists them. */
@Service
@Command(scope = "wadi", name = "job-checkpoints",
        description = "Lists a job's checkpoints, oldest first; a completed one's state URL can start a new pipeline"
                + " (pipeline-create --state-url).")
public class JobCheckpoints implements Action {

    @Reference
    PipelineService pipelines;

    @Reference
    JobService jobs;

    @Argument(index = 0, name = "pipeline-id", description = "The pipeline's id", required = true)
    @Completion(PipelineIdCompleter.class)
    String pipelineId;

    @Argument(index = 1, name = "job-id", description = "The job's id (default: the pipeline's newest job)")
    @Completion(JobIdCompleter.class)
    String jobId;

    @Override
    public Object execute() {
        String job = Jobs.jobOf(pipelines, pipelineId, jobId);
        ShellTable table = new ShellTable();
        table.column("Epoch").alignRight();
        table.column("Type");
        table.column("State");
        table.column("Started");
        table.column("Finished");
        table.column("Bytes").alignRight();
        table.column("State URL / failure");
        table.emptyTableText("no checkpoints");
        for (Checkpoint c : jobs.checkpoints(pipelineId, job)) {
            String detail = c.stateUrl() != null ? c.stateUrl() : c.failure() == null ? "" : c.failure();
            table.addRow().addContent(c.epoch(), c.checkpointType(), c.state(), Times.format(c.startTime()),
                    Times.format(c.finishTime()), c.bytes(), detail);
        }
        System.out.println("Checkpoints of job " + job + ":");
        table.print(System.out);
        return null;
    }
}
