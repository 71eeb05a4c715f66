package org.wadi.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.wadi.api.service.PipelineService;
import org.wadi.shell.completers.PipelineIdCompleter;

/** {@code wadi:pipeline-delete}: deletes a pipeline whose job has ended, as {@code DELETE /api/v1/pipelines/{id}} does. */
@Service
@Command(scope = "wadi", name = "pipeline-delete",
        description = "Deletes a pipeline whose job is Stopped, Finished or Failed (its checkpoints stay in the storage).")
public class PipelineDelete implements Action {

    @Reference
    PipelineService pipelines;

    @Argument(index = 0, name = "id", description = "The pipeline's id", required = true)
    @Completion(PipelineIdCompleter.class)
    String id;

    @Override
    public Object execute() {
        pipelines.delete(id);
        System.out.println("Deleted pipeline " + id);
        return null;
    }
}
