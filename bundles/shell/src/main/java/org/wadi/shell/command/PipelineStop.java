package org.wadi.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.wadi.api.service.Job;
import org.wadi.api.service.Pipeline;
import org.wadi.api.service.PipelinePatch;
import org.wadi.api.service.PipelineService;
import org.wadi.shell.completers.PipelineIdCompleter;
import org.wadi.spi.job.StopMode;

/** {@code wadi:pipeline-stop}: asks for a pipeline to stop, as {@code PATCH {"stop": mode}} does. */
@Service
@Command(scope = "wadi", name = "pipeline-stop",
        description = "Asks a pipeline to stop; the controller stops its job in the given mode.")
public class PipelineStop implements Action {

    static final String MODES = "checkpoint, graceful, immediate, force";

    @Reference
    PipelineService pipelines;

    @Argument(index = 0, name = "id", description = "The pipeline's id", required = true)
    @Completion(PipelineIdCompleter.class)
    String id;

    @Option(name = "--mode", aliases = "-m",
            description = "checkpoint (final checkpoint, then stop; the default), graceful (drain), immediate, or force")
    @Completion(value = StringsCompleter.class, values = {"checkpoint", "graceful", "immediate", "force"})
    String mode = "checkpoint";

    @Override
    public Object execute() {
        StopMode stop;
        try {
            stop = StopMode.parse(mode);
        } catch (IllegalArgumentException e) {
            stop = null;
        }
        if (stop == null || stop == StopMode.NONE) {
            throw new IllegalArgumentException("invalid stop mode '" + mode + "': expected one of " + MODES);
        }
        Pipeline p = pipelines.patch(id, PipelinePatch.stop(stop));
        List<Job> jobs = pipelines.jobs(p.id());
        System.out.println("Stopping pipeline " + p.id() + " (" + stop.wire() + ")"
                + (jobs.isEmpty() ? "" : "; job " + jobs.get(0).id() + " is " + jobs.get(0).state()));
        return null;
    }
}
