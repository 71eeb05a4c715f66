package org.wadi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

/** The pipelines the tests run, and what their output must be. */
final class Pipelines {

    private Pipelines() {
    }

    /** 100 impulse rows at {@code rate} per second; the even counters go to a JSON file. */
    static String impulseToFile(Path out, int rate) {
        return "CREATE TABLE impulse WITH (connector='impulse', event_rate='" + rate + "', message_count='100');\n"
                + "CREATE TABLE out (counter BIGINT UNSIGNED, subtask_index BIGINT UNSIGNED) WITH (connector='single_file', path='"
                + out + "', type='sink', format='json');\n"
                + "INSERT INTO out SELECT counter, subtask_index FROM impulse WHERE counter % 2 = 0;";
    }

    /** Checks the file {@link #impulseToFile} wrote: the 50 even counters of subtask 0, once each. */
    static void assertEvenCounters(Path out) {
        List<JsonNode> rows = rows(out);
        List<Long> counters = new ArrayList<>();
        for (JsonNode row : rows) {
            counters.add(row.get("counter").asLong());
            assertEquals(0, row.get("subtask_index").asLong(), "subtask_index of " + row);
        }
        counters.sort(null);
        assertEquals(LongStream.range(0, 50).map(i -> 2 * i).boxed().toList(), counters, "counters in " + out);
    }

    /** The JSON lines of a file. */
    static List<JsonNode> rows(Path file) {
        if (!Files.exists(file)) {
            fail(file + " was not written");
        }
        try {
            List<JsonNode> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    rows.add(Wadi.JSON.readTree(line));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails with the job's own words when it did not finish. */
    static void assertFinished(JsonNode job, Wadi wadi) {
        if (!"Finished".equals(job.get("state").asText())) {
            fail("job " + job.get("id").asText() + " ended " + job.get("state").asText() + ": " + job
                    + "\n" + wadi.diagnostics());
        }
    }
}
