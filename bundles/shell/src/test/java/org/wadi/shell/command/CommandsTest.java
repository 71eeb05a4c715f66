package org.wadi.shell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.api.service.ApiException;
import org.wadi.shell.completers.PipelineIdCompleter;

/** The commands' {@code execute()} against a fake service, with what they print. */
class CommandsTest {

    private final FakePipelineService service = new FakePipelineService();

    @Test
    void pipelineListShowsEveryPipelineAcrossPages() throws Exception {
        service.add("pl_aaaaaaaaaa", "clicks", 4, "job_1", "Running");
        service.add("pl_bbbbbbbbbb", "orders", 2, "job_2", "Stopped");
        service.add("pl_cccccccccc", "views", 1, "job_3", "Created");
        PipelineList cmd = new PipelineList();
        cmd.pipelines = service;

        String out = run(cmd::execute);

        List<String> lines = lines(out);
        assertTrue(lines.get(0).matches("ID\\s+\\| Name\\s+\\| State\\s+\\| Parallelism \\| Created\\s*"), lines.get(0));
        assertTrue(out.contains("pl_aaaaaaaaaa | clicks | Running |           4 | 2026-03-01 10:15:30Z"), out);
        assertTrue(out.contains("pl_bbbbbbbbbb | orders | Stopped"), out);
        assertTrue(out.contains("pl_cccccccccc | views  | Created"), out);
        // newest first
        assertTrue(out.indexOf("pl_cccccccccc") < out.indexOf("pl_aaaaaaaaaa"), out);
    }

    @Test
    void pipelineListWithNoPipelinesSaysSo() throws Exception {
        PipelineList cmd = new PipelineList();
        cmd.pipelines = service;
        assertTrue(run(cmd::execute).contains("no pipelines"));
    }

    @Test
    void pipelineCreateTakesInlineSql() throws Exception {
        PipelineCreate cmd = new PipelineCreate();
        cmd.pipelines = service;
        cmd.name = "clicks";
        cmd.sql = List.of("INSERT INTO out", "SELECT * FROM events");
        cmd.parallelism = 3;

        String out = run(cmd::execute);

        assertEquals("Created pipeline pl_new1 'clicks' with job job_new1 (Created)", out.strip());
        assertEquals("INSERT INTO out SELECT * FROM events", service.created.get(0).query());
        assertEquals(3L, service.created.get(0).parallelism());
    }

    @Test
    void pipelineCreateReadsAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("q.sql");
        Files.writeString(file, "CREATE TABLE t (x INT) WITH (connector = 'impulse');\nINSERT INTO o SELECT * FROM t;");
        PipelineCreate cmd = new PipelineCreate();
        cmd.pipelines = service;
        cmd.name = "from-file";
        cmd.file = file.toString();

        run(cmd::execute);

        assertEquals(Files.readString(file), service.created.get(0).query());
        assertEquals(1L, service.created.get(0).parallelism());
    }

    @Test
    void pipelineCreateNeedsExactlyOneSource() {
        PipelineCreate neither = new PipelineCreate();
        neither.pipelines = service;
        neither.name = "x";
        assertEquals("give the SQL either inline (quoted) or with --file <path>, not neither",
                assertThrows(IllegalArgumentException.class, neither::execute).getMessage());

        PipelineCreate both = new PipelineCreate();
        both.pipelines = service;
        both.name = "x";
        both.sql = List.of("SELECT 1");
        both.file = "q.sql";
        assertTrue(assertThrows(IllegalArgumentException.class, both::execute).getMessage().endsWith("not both"));

        PipelineCreate missing = new PipelineCreate();
        missing.pipelines = service;
        missing.name = "x";
        missing.file = "/no/such/file.sql";
        assertTrue(assertThrows(IllegalArgumentException.class, missing::execute).getMessage()
                .startsWith("SQL file '/no/such/file.sql' does not exist"));
    }

    @Test
    void pipelineCreatePassesTheServicesErrorOn() {
        PipelineCreate cmd = new PipelineCreate();
        cmd.pipelines = service;
        cmd.name = "bad";
        cmd.sql = List.of("SELECT * FROM BROKEN");
        assertEquals("invalid query: Object 'broken' not found at line 1, column 15",
                assertThrows(ApiException.class, cmd::execute).getMessage());
    }

    @Test
    void pipelineStopPatchesTheStopMode() throws Exception {
        service.add("pl_aaaaaaaaaa", "clicks", 4, "job_1", "Running");
        PipelineStop cmd = new PipelineStop();
        cmd.pipelines = service;
        cmd.id = "pl_aaaaaaaaaa";

        assertEquals("Stopping pipeline pl_aaaaaaaaaa (checkpoint); job job_1 is Running", run(cmd::execute).strip());
        cmd.mode = "immediate";
        run(cmd::execute);
        assertEquals(List.of("pl_aaaaaaaaaa checkpoint", "pl_aaaaaaaaaa immediate"), service.patches);
    }

    @Test
    void pipelineStopRefusesUnknownModesAndPipelines() {
        service.add("pl_aaaaaaaaaa", "clicks", 4, "job_1", "Running");
        PipelineStop cmd = new PipelineStop();
        cmd.pipelines = service;
        cmd.id = "pl_aaaaaaaaaa";
        cmd.mode = "none";
        assertEquals("invalid stop mode 'none': expected one of checkpoint, graceful, immediate, force",
                assertThrows(IllegalArgumentException.class, cmd::execute).getMessage());
        cmd.mode = "soon";
        assertThrows(IllegalArgumentException.class, cmd::execute);

        cmd.mode = "force";
        cmd.id = "pl_zzz";
        assertEquals("pipeline 'pl_zzz' not found", assertThrows(ApiException.class, cmd::execute).getMessage());
        assertTrue(service.patches.isEmpty());
    }

    @Test
    void jobStatusShowsJobsAndTheirHistory() throws Exception {
        service.add("pl_aaaaaaaaaa", "clicks", 2, "job_1", "Running");
        JobStatus cmd = new JobStatus();
        cmd.pipelines = service;
        cmd.pipelineId = "pl_aaaaaaaaaa";

        String out = run(cmd::execute);

        assertTrue(out.contains("job_1 | Running | true"), out);
        assertTrue(out.contains("History of job job_1:"), out);
        assertTrue(out.contains("2026-03-01 10:15:30Z |           | Created   | created"), out);
        assertTrue(out.contains("2026-03-01 10:15:33Z | Compiling | Running   | all 4 tasks running"), out);
    }

    @Test
    void theCompleterOffersEveryPipelineId() {
        service.add("pl_aaaaaaaaaa", "a", 1, "job_1", "Running");
        service.add("pl_bbbbbbbbbb", "b", 1, "job_2", "Running");
        service.add("pl_cccccccccc", "c", 1, "job_3", "Running");
        assertEquals(List.of("pl_cccccccccc", "pl_bbbbbbbbbb", "pl_aaaaaaaaaa"),
                PipelineIdCompleter.all(service).stream().map(p -> p.id()).toList());
    }

    /** Runs a command, returning what it printed. */
    private static String run(Callable<Object> command) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            command.call();
        } finally {
            System.setOut(original);
        }
        // ShellTable draws with box characters or ASCII depending on the charset: compare in ASCII
        return buffer.toString(StandardCharsets.UTF_8).replace('\u2502', '|');
    }

    private static List<String> lines(String s) {
        return new ArrayList<>(s.lines().toList());
    }
}
