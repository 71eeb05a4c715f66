package org.wadi.shell.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.api.action.Completion;
import org.wadi.api.service.Job;
import org.wadi.api.service.Pipeline;
import org.wadi.api.service.PipelinePost;
import org.wadi.api.service.PipelineService;

/** {@code wadi:pipeline-create}: plans SQL and creates a pipeline, as {@code POST /api/v1/pipelines} does. */
@Service
@Command(scope = "wadi", name = "pipeline-create",
        description = "Creates a pipeline from SQL given inline (quoted) or in a file; the controller then runs it.")
public class PipelineCreate implements Action {

    @Reference
    PipelineService pipelines;

    @Argument(index = 0, name = "name", description = "The pipeline's name", required = true)
    String name;

    @Argument(index = 1, name = "sql", description = "The SQL, quoted (or use --file)", multiValued = true)
    List<String> sql;

    @Option(name = "--file", aliases = "-f", description = "Read the SQL from this file")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--parallelism", aliases = "-p", description = "The parallelism of every operator (default 1)")
    int parallelism = 1;

    @Option(name = "--state-url", aliases = "-s",
            description = "Start from this completed checkpoint (its state URL, as job-checkpoints shows it)")
    String stateUrl;

    @Option(name = "--preview", description = "Create a preview: parallelism 1, sinks replaced by the preview sink,"
            + " stopped after its time to live")
    boolean preview;

    @Option(name = "--scheduler-config", description = "Settings of the pipeline's workers for the server's"
            + " scheduler, a JSON object (the kubernetes scheduler's keys, e.g. '{\"image\": \"…\"}'); other"
            + " schedulers take none")
    String schedulerConfig;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Object execute() throws Exception {
        Pipeline p = pipelines.create(new PipelinePost(name, query(), (long) parallelism, null, null,
                preview ? Boolean.TRUE : null, stateUrl, schedulerConfig()));
        List<Job> jobs = pipelines.jobs(p.id());
        System.out.println("Created pipeline " + p.id() + " '" + p.name() + "'"
                + (jobs.isEmpty() ? "" : " with job " + jobs.get(0).id() + " (" + jobs.get(0).state() + ")"));
        return null;
    }

    private Map<String, Object> schedulerConfig() {
        if (schedulerConfig == null) {
            return null;
        }
        JsonNode config;
        try {
            config = JSON.readTree(schedulerConfig);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("--scheduler-config is not valid JSON: " + e.getOriginalMessage());
        }
        if (config == null || !config.isObject()) {
            throw new IllegalArgumentException("--scheduler-config must be a JSON object ({\"key\": value, …}), was: "
                    + schedulerConfig);
        }
        return JSON.convertValue(config, new TypeReference<Map<String, Object>>() { });
    }

    private String query() throws IOException {
        boolean inline = sql != null && !sql.isEmpty();
        if (inline == (file != null)) {
            throw new IllegalArgumentException("give the SQL either inline (quoted) or with --file <path>, not "
                    + (inline ? "both" : "neither"));
        }
        if (inline) {
            return String.join(" ", sql);
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("SQL file '" + file + "' does not exist (relative paths start at "
                    + Path.of("").toAbsolutePath() + ")");
        }
    }
}
