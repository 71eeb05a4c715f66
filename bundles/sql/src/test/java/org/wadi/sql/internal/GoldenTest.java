package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden-file corpus ({@code src/test/resources/golden/<case>/}): each case's query, run by the
 * planner and the runtime in this JVM, reading its {@code input*.json} and writing through the real
 * {@code single_file} connector, must write exactly its {@code expected*.json} — in one run at
 * parallelism 1, and in a run stopped with a checkpoint halfway through every input and restored
 * at parallelism 2. See {@code golden/README.md} for the layout and how outputs are compared, and
 * {@code golden/gaps.md} for the cases known to fail (each must still fail as recorded there).
 */
class GoldenTest {

    @TempDir
    Path dir;
    final ExecutorService uploader = Executors.newFixedThreadPool(2);

    @AfterEach
    void tearDown() {
        uploader.shutdownNow();
    }

    static Stream<String> cases() throws IOException {
        return GoldenCase.names(corpus()).stream();
    }

    static Path corpus() {
        try {
            return Path.of(GoldenTest.class.getResource("/golden").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void wholeRunAtParallelismOne(String name) throws Exception {
        GoldenCase c = GoldenCase.load(corpus(), name, dir);
        check(c, () -> {
            GoldenRunner runner = new GoldenRunner(c, uploader);
            runner.runToEnd(1);
            return c.compare();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stoppedMidStreamAndRestoredAtParallelismTwo(String name) throws Exception {
        GoldenCase c = GoldenCase.load(corpus(), name, dir);
        check(c, () -> {
            GoldenRunner runner = new GoldenRunner(c, uploader);
            runner.stopHalfwayThenRestore(1, 2);
            return c.compare();
        });
    }

    /** A comparison: null when the output matches, else what differs. */
    interface Outcome {
        String get() throws Exception;
    }

    /** Runs a case; a case listed in gaps.md must fail with its recorded text. */
    private static void check(GoldenCase c, Outcome outcome) throws Exception {
        String gap = GoldenCase.gaps(corpus()).get(c.name());
        String failure;
        try {
            failure = outcome.get();
        } catch (AssertionError | GoldenRunner.RunFailure e) {
            failure = e.getMessage();
        }
        if (gap == null) {
            if (failure != null) {
                fail("golden case '" + c.name() + "': " + failure);
            }
        } else {
            assertTrue(failure != null, "golden case '" + c.name() + "' is listed in gaps.md but now passes: take it "
                    + "out of gaps.md");
            assertTrue(failure.contains(gap), "golden case '" + c.name() + "' fails otherwise than gaps.md records ('"
                    + gap + "'): " + failure);
        }
    }
}
