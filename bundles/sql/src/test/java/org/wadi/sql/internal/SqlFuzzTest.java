package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.connector.nexmark.internal.NexmarkConnector;
import org.wadi.connector.singlefile.internal.SingleFileConnector;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.plan.PlanCodec;
import org.wadi.sql.Diagnostic;
import org.wadi.sql.PlanResult;
import org.wadi.sql.SqlPlanner;

/**
 * Fuzzes the planner through {@link SqlPlanner#plan}, the entry point of the API's
 * {@code validate_query}, with statements generated from the dialect's grammar and mutations of the
 * golden corpus's queries ({@link SqlFuzzCases}). Each case must end, within a generous bound, with
 * a plan (that survives the trip to the workers) or with the planner's diagnostics: every one a
 * message for users that says where (a position) or what (a quoted name), never a Java exception,
 * its class name or a stack trace, never a throwable escaping {@code plan}.
 *
 * <p>1,000 cases per run of the build, from a fixed seed: the build stays repeatable, and a bug
 * the fuzz finds becomes a test of its own ({@code PlannerRobustnessTest}) before it is fixed. The
 * long form ({@code -Dwadi.sql.fuzz.cases=10000}, {@code bench/fuzz/sql.sh}) and
 * {@code -Dwadi.sql.fuzz.random=true} explore: half the cases from a random seed, printed on
 * failure; {@code -Dwadi.sql.fuzz.seed=S} replays that half of a run; {@code -Dwadi.sql.fuzz.case=C}
 * replays one case (its seed is in the failure).
 */
class SqlFuzzTest {

    static final long FIXED_SEED = 0x5EED_2026_1127L;
    /** A case may take this long; longer is a hang. Planning a 95-line pipeline takes half a second. */
    static final long CASE_SECONDS = 60;
    private static final int REPORTED = 25;

    /** What only a planner bug puts in a message: Java's exception names, class names, stack frames. */
    private static final Pattern INTERNAL = Pattern.compile(
            "Exception|Error:|\\bat (java|org|com)\\.|\\b(java|javax|org\\.apache|com\\.google|org\\.codehaus)\\.[a-z]"
                    + "|The planner failed|could not be planned");

    /** Errors about the query as a whole, which have no one place. */
    private static final Pattern WHOLE_QUERY = Pattern.compile("^The query (is empty|has no INSERT or SELECT)");

    @TempDir
    Path out;

    @Test
    void plannerAnswersEveryStatementWithAPlanOrAUserFacingError() throws Exception {
        int cases = Integer.getInteger("wadi.sql.fuzz.cases", 1000);
        long randomSeed = Long.getLong("wadi.sql.fuzz.seed", ThreadLocalRandom.current().nextLong());
        boolean explore = cases > 1000 || Boolean.getBoolean("wadi.sql.fuzz.random")
                || System.getProperty("wadi.sql.fuzz.seed") != null;
        Long only = Long.getLong("wadi.sql.fuzz.case");
        List<String> seeds = corpusQueries();
        SqlPlanner planner = planner();

        List<String> failures = new ArrayList<>();
        int failed = 0;
        int planned = 0;
        ExecutorService runner = newRunner();
        long started = System.nanoTime();
        try {
            Random fixed = new Random(FIXED_SEED);
            Random random = new Random(randomSeed);
            int total = only != null ? 1 : cases;
            for (int i = 0; i < total; i++) {
                long caseSeed = only != null ? only : (!explore || i < total / 2 ? fixed : random).nextLong();
                String sql = SqlFuzzCases.next(new Random(caseSeed), seeds)
                        .replace("$input_dir", GoldenTest.corpus().resolve("every_type").toString())
                        .replace("$output_path", out.resolve("sink.json").toString());
                if (only != null) {
                    System.out.println("case " + caseSeed + ":\n" + sql);
                }
                Future<PlanResult> answer = runner.submit(() -> planner.plan(sql, 1 + (int) (caseSeed & 3)));
                String problem;
                try {
                    PlanResult result = answer.get(CASE_SECONDS, TimeUnit.SECONDS);
                    planned += result != null && result.ok() ? 1 : 0;
                    problem = check(result);
                } catch (TimeoutException e) {
                    answer.cancel(true);
                    runner.shutdownNow();
                    runner = newRunner();
                    problem = "no answer within " + CASE_SECONDS + " s";
                } catch (ExecutionException e) {
                    problem = "plan threw " + e.getCause();
                }
                if (problem != null) {
                    failed++;
                    if (failures.size() < REPORTED) {
                        failures.add("case seed " + caseSeed + ": " + problem + "\n    query: " + shorten(sql));
                    }
                }
            }
        } finally {
            runner.shutdownNow();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("sql fuzz: %d cases, %d failures, %d planned, %d ms (fixed seed %d, random seed %s)%n",
                only != null ? 1 : cases, failed, planned, millis, FIXED_SEED, explore ? Long.toString(randomSeed) : "none");
        if (failed > 0) {
            fail(failed + " of " + cases + " fuzzed statements were not answered properly (fixed seed " + FIXED_SEED
                    + ", random seed " + (explore ? Long.toString(randomSeed) : "none") + "; replay one with -Dwadi.sql.fuzz.case=<seed>):\n"
                    + String.join("\n", failures));
        }
    }

    /** {@code null} when the answer is right, else what is wrong with it. */
    static String check(PlanResult result) {
        if (result == null) {
            return "no result";
        }
        if (result.ok()) {
            if (result.plan() == null) {
                return "no errors and no plan";
            }
            try {
                if (!result.plan().equals(PlanCodec.fromJson(PlanCodec.toJson(result.plan())))) {
                    return "the plan changes on its way to the workers";
                }
            } catch (RuntimeException e) {
                return "the plan cannot travel to the workers: " + e;
            }
            return null;
        }
        if (result.plan() != null) {
            return "both a plan and errors";
        }
        for (Diagnostic d : result.errors()) {
            String m = d.message();
            if (m == null || m.isBlank()) {
                return "an error without a message";
            }
            if (INTERNAL.matcher(m).find()) {
                return "an internal error reached the user: " + shorten(m);
            }
            if (d.span() == null && !m.contains("'") && !m.contains("\"") && !WHOLE_QUERY.matcher(m).find()) {
                return "an error that names neither a position nor an object: " + shorten(m);
            }
        }
        return null;
    }

    private static String shorten(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 600 ? printable
                : printable.substring(0, 400) + " …(" + printable.length() + " characters)… "
                        + printable.substring(printable.length() - 150);
    }

    private static ExecutorService newRunner() {
        // the default stack size, as the API's request threads have
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sql-fuzz");
            t.setDaemon(true);
            return t;
        });
    }

    private SqlPlanner planner() {
        Map<String, Connector> connectors = new HashMap<>();
        for (var entry : List.of(new TestConnectors.Impulse(), new TestConnectors.Blackhole(),
                new TestConnectors.Preview(), new TestConnectors.Lookup())) {
            connectors.put(entry.metadata().id(), entry);
        }
        connectors.put("single_file", new SingleFileConnector());
        connectors.put("nexmark", new NexmarkConnector());
        // as the server's file roots: a path that is no path is the user's error
        FileAccess files = path -> {
            try {
                return Path.of(path.startsWith("file://") ? path.substring("file://".length()) : path)
                        .toAbsolutePath().normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw new org.wadi.spi.connector.ConnectorException("'" + path + "' is not a valid path: "
                        + e.getMessage());
            }
        };
        return new CalciteSqlPlanner(ConnectorLookup.of(connectors), files);
    }

    /** The golden corpus's queries with their paths filled in, and the queries of Arroyo's planner tests. */
    private List<String> corpusQueries() throws IOException {
        Path corpus = GoldenTest.corpus();
        Map<String, String> queries = new LinkedHashMap<>();
        for (String name : GoldenCase.names(corpus)) {
            queries.put(name, Files.readString(corpus.resolve(name).resolve("query.sql"))
                    .replace("$input_dir", corpus.resolve(name).toString())
                    .replace("$output_dir", out.toString())
                    .replace("$output_path", out.resolve(name + ".json").toString()));
        }
        return List.copyOf(queries.values());
    }
}
