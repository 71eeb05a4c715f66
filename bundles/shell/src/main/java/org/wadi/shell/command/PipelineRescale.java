package org.wadi.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.wadi.api.service.Pipeline;
import org.wadi.api.service.PipelinePatch;
import org.wadi.api.service.PipelineService;
import org.wadi.shell.completers.PipelineIdCompleter;

/** {@code wadi:pipeline-rescale}: changes a pipeline's parallelism, as {@code PATCH {"parallelism": n}} does. */
@Service
@Command(scope = "wadi", name = "pipeline-rescale",
        description = "Changes a pipeline's parallelism; a running job rescales through a final checkpoint.")
public class PipelineRescale implements Action {

    @Reference
    PipelineService pipelines;

    @Argument(index = 0, name = "id", description = "The pipeline's id", required = true)
    @Completion(PipelineIdCompleter.class)
    String id;

    @Argument(index = 1, name = "parallelism", description = "The new parallelism of every operator", required = true)
    long parallelism;

    @Override
    public Object execute() {
        Pipeline p = pipelines.patch(id, new PipelinePatch(null, parallelism, null));
        System.out.println("Pipeline " + p.id() + " now has parallelism " + p.graph().maxParallelism());
        return null;
    }
}
