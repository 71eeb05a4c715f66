package org.wadi.launcher;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Catches the worker's log lines at WARN and ERROR as they are written to standard error (where
 * SLF4J's simple logger writes, one line per event: {@code <time> [<thread>] <LEVEL> <logger> -
 * <message>}), still writing everything through. The lines of connectors and the libraries they
 * use go into a bounded queue that the worker bundle drains into the job's errors; lines of the
 * worker runtime itself ({@code org.wadi.worker.*}) do not, since it reports what matters to the
 * controller directly. Stack trace lines are left out: the headline says what happened. While
 * {@value #CAPACITY} lines wait in the queue, newer ones are left out (the controller keeps only
 * so many per minute anyway).
 *
 * <p>The queue reaches the bundles as a service of the system bundle: a
 * {@code java.util.function.Supplier<String>} that takes the next line (null: none), with
 * {@value #SERVICE_PROPERTY} = {@code warn} — a JDK type, visible to every bundle.
 */
final class LogCapture extends OutputStream {

    /** The property of the queue's service. */
    static final String SERVICE_PROPERTY = "wadi.worker.log";
    static final int CAPACITY = 1000;
    private static final Pattern LINE = Pattern.compile("^\\S+ \\[[^\\]]*\\] (WARN|ERROR) (\\S+) - (.*)$");
    private static final int MAX_LINE = 8192;

    private final OutputStream out;
    private final Queue<String> lines = new ArrayBlockingQueue<>(CAPACITY);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    LogCapture(OutputStream out) {
        this.out = out;
    }

    /** A print stream that writes to {@code out} and captures the warnings. */
    PrintStream stream() {
        return new PrintStream(this, true, StandardCharsets.UTF_8);
    }

    /** The captured lines, each {@code LEVEL logger - message}. */
    Queue<String> lines() {
        return lines;
    }

    @Override
    public synchronized void write(int b) {
        try {
            out.write(b);
        } catch (java.io.IOException e) {
            // standard error is gone: nothing to write to, still capture
        }
        take(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
        } catch (java.io.IOException e) {
            // as above
        }
        for (int i = off; i < off + len; i++) {
            take(b[i]);
        }
    }

    @Override
    public synchronized void flush() throws java.io.IOException {
        out.flush();
    }

    private void take(int b) {
        if (b == '\n') {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            offer(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
        } else if (line.size() < MAX_LINE) {
            line.write(b);
        }
    }

    private void offer(String text) {
        Matcher m = LINE.matcher(text);
        if (!m.matches() || m.group(2).startsWith("org.wadi.worker.")) {
            return;
        }
        lines.offer(m.group(1) + " " + m.group(2) + " - " + m.group(3));
    }
}
