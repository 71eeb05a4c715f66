package org.wadi.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** WADI_SCHEDULER=embedded: workers run inside the server, no process is started. */
class EmbeddedSchedulerIT {

    private static Wadi wadi;

    @BeforeAll
    static void start() {
        wadi = Wadi.start("embedded", Map.of("WADI_SCHEDULER", "embedded"));
    }

    @AfterAll
    static void stop() {
        if (wadi != null) {
            wadi.close();
        }
    }

    @Test
    void aBoundedPipelineFinishesInsideTheServer() {
        Path out = wadi.files().resolve("embedded-out.json");
        String pipeline = wadi.createPipeline("embedded-impulse", Pipelines.impulseToFile(out, 1000), 1);

        JsonNode job = wadi.awaitFinalJob(pipeline, Duration.ofSeconds(120));

        Pipelines.assertFinished(job, wadi);
        Pipelines.assertEvenCounters(out);
        assertTrue(wadi.workerProcesses(null).isEmpty(), "the embedded scheduler started a worker process");
    }
}
