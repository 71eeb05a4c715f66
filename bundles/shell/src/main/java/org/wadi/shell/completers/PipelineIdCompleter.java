package org.wadi.shell.completers;

import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.wadi.api.service.Pipeline;
import org.wadi.api.service.PipelineCollection;
import org.wadi.api.service.PipelineService;

/** Completes pipeline ids. */
@Service
public class PipelineIdCompleter implements Completer {

    @Reference
    PipelineService pipelines;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (Pipeline p : all(pipelines)) {
            delegate.getStrings().add(p.id());
        }
        return delegate.complete(session, commandLine, candidates);
    }

    /** Every pipeline, newest first, page by page. */
    public static List<Pipeline> all(PipelineService pipelines) {
        List<Pipeline> all = new ArrayList<>();
        String after = null;
        PipelineCollection page;
        do {
            page = pipelines.list(after, null);
            all.addAll(page.data());
            after = page.data().isEmpty() ? null : page.data().get(page.data().size() - 1).id();
        } while (page.hasMore() && after != null);
        return all;
    }
}
