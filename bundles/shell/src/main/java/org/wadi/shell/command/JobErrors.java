package org.wadi.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.wadi.api.service.JobLogMessage;
import org.wadi.api.service.JobLogMessageCollection;
import org.wadi.api.service.JobService;
import org.wadi.api.service.PipelineService;
import org.wadi.shell.completers.JobIdCompleter;
import org.wadi.shell.completers.PipelineIdCompleter;

/** {@code wadi:job-errors}: a job's errors list, newest first, as {@code GET …/jobs/{job_id}/errors} pages it. */
@Service
@Command(scope = "wadi", name = "job-errors",
        description = "Shows a job's errors list, newest first: failed tasks, restarts, failed checkpoints, workers' warnings.")
public class JobErrors implements Action {

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

    @Option(name = "--limit", aliases = "-n", description = "How many entries to show (default: the API's page size)")
    Integer limit;

    @Option(name = "--details", aliases = "-d", description = "Show each entry's details (e.g. the cause chain) too")
    boolean details;

    @Override
    public Object execute() {
        String job = Jobs.jobOf(pipelines, pipelineId, jobId);
        JobLogMessageCollection page = jobs.errors(pipelineId, job, null, limit);
        ShellTable table = new ShellTable();
        table.column("At");
        table.column("Level");
        table.column("Operator");
        table.column("Message");
        if (details) {
            table.column("Details");
        }
        table.emptyTableText("no errors");
        for (JobLogMessage m : page.data()) {
            String where = m.operatorId() == null ? "" : m.operatorId() + (m.taskIndex() == null ? "" : "[" + m.taskIndex() + "]");
            org.apache.karaf.shell.support.table.Row row = table.addRow();
            row.addContent(Times.format(m.createdAt()), m.logLevel(), where, m.message());
            if (details) {
                row.addContent(m.details());
            }
        }
        table.print(System.out);
        if (page.hasMore()) {
            System.out.println("(more entries: use --limit)");
        }
        return null;
    }
}
