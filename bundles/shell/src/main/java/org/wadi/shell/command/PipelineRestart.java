package org.wadi.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.wadi.api.service.Job;
import org.wadi.api.service.Pipeline;
import org.wadi.api.service.PipelineService;
import org.wadi.shell.completers.PipelineIdCompleter;

/** {@code wadi:pipeline-restart}: restarts a pipeline's job, as {@code POST /api/v1/pipelines/{id}/restart} does. */
@Service
@Command(scope = "wadi", name = "pipeline-restart",
        description = "Restarts a pipeline's job: through a final checkpoint that the new run restores (the default),"
                + " at once with --force, without state with --ignore-state. A stopped or ended job runs again.")
public class PipelineRestart implements Action {

    @Reference
    PipelineService pipelines;

    @Argument(index = 0, name = "id", description = "The pipeline's id", required = true)
    @Completion(PipelineIdCompleter.class)
    String id;

    @Option(name = "--force", aliases = "-f", description = "Kill the run at once, without a final checkpoint")
    boolean force;

    @Option(name = "--ignore-state", description = "Start the new run without state")
    boolean ignoreState;

    @Override
    public Object execute() {
        Pipeline p = pipelines.restart(id, new org.wadi.api.service.PipelineRestart(force, ignoreState));
        List<Job> jobs = pipelines.jobs(p.id());
        System.out.println("Restarting pipeline " + p.id() + (force ? " (force)" : "") + (ignoreState ? " (ignore state)" : "")
                + (jobs.isEmpty() ? "" : "; job " + jobs.get(0).id() + " is " + jobs.get(0).state()));
        return null;
    }
}
