package org.wadi.shell.completers;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.wadi.api.service.Job;
import org.wadi.api.service.JobService;

/** Completes job ids: those of every pipeline, newest first. */
@Service
public class JobIdCompleter implements Completer {

    @Reference
    JobService jobs;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        completeFrom(jobs, delegate.getStrings());
        return delegate.complete(session, commandLine, candidates);
    }

    /** Adds every job id, newest first, to {@code ids}. */
    public static void completeFrom(JobService jobs, java.util.Collection<String> ids) {
        for (Job j : jobs.allJobs()) {
            ids.add(j.id());
        }
    }
}
