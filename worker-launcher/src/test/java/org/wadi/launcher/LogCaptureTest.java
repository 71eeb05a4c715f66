package org.wadi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warnings of connectors and libraries are caught from standard error, everything still written. */
class LogCaptureTest {

    private static final String T = "2026-11-27T04:30:00.123Z";

    @Test
    void warningsAndErrorsOfConnectorsAreCaughtAndEverythingIsWrittenThrough() {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        LogCapture capture = new LogCapture(target);
        PrintStream err = capture.stream();
        String text = T + " [main] INFO org.wadi.connector.kafka.internal.KafkaSource - started\n"
                + T + " [kafka-1] WARN org.apache.kafka.clients.NetworkClient - Connection to node -1 could not be established\n"
                + T + " [task-2] ERROR org.wadi.connector.nats.internal.NatsSink - publish failed: timeout\n"
                + "java.io.IOException: timeout\n"
                + "\tat io.nats.Connection.publish(Connection.java:1)\n"
                + T + " [task-3] WARN org.wadi.worker.internal.Worker - reported to the controller already\n";
        err.print(text.substring(0, 50));
        err.print(text.substring(50));
        err.flush();

        assertEquals(text, target.toString(StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>(capture.lines());
        assertEquals(List.of(
                "WARN org.apache.kafka.clients.NetworkClient - Connection to node -1 could not be established",
                "ERROR org.wadi.connector.nats.internal.NatsSink - publish failed: timeout"), lines);
    }

    @Test
    void aFullQueueLeavesNewerLinesOutAndLongLinesAreCut() {
        LogCapture capture = new LogCapture(new ByteArrayOutputStream());
        PrintStream err = capture.stream();
        for (int i = 0; i < LogCapture.CAPACITY + 10; i++) {
            err.println(T + " [t] WARN lib.Client - warning " + i);
        }
        assertEquals(LogCapture.CAPACITY, capture.lines().size());
        assertEquals("WARN lib.Client - warning 0", capture.lines().peek());

        LogCapture another = new LogCapture(new ByteArrayOutputStream());
        another.stream().println(T + " [t] WARN lib.Client - " + "x".repeat(100_000));
        String line = another.lines().poll();
        assertTrue(line != null && line.length() < 9000, String.valueOf(line == null ? null : line.length()));
    }
}
