package org.wadi.worker.internal.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/** Small connectors for runtime tests: a counting source and a collecting sink, each observable. */
public final class TestConnectors {

    static final Schema SCHEMA = Schema.of(Field.of("n", DataType.INT64));

    private TestConnectors() {
    }

    public static ConnectorTable table(String name, String connector, Map<String, String> options) {
        return new ConnectorTable(name, connector, options, SCHEMA, Set.of(TableRole.SOURCE, TableRole.SINK), true);
    }

    /**
     * {@code range}: subtask i of p emits the numbers {@code i, i+p, …} below option {@code count}
     * (no option: forever), {@code per_poll} rows a poll, as rows {@code [n, n * 1000]} (with
     * option {@code key_mod}, a third column {@code n % key_mod}).
     */
    public static final class Range implements Connector {
        public final AtomicLong produced = new AtomicLong();
        public final Map<Integer, Thread> threads = new ConcurrentHashMap<>();

        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata("range", "Range", null, null, true, false, false, false, false, true, null, null);
        }

        @Override
        public ConnectorTable table(TableRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Source createSource(ConnectorTable table) {
            long count = table.options().containsKey("count") ? Long.parseLong(table.option("count")) : Long.MAX_VALUE;
            int perPoll = Integer.parseInt(table.options().getOrDefault("per_poll", "100"));
            long keyMod = Long.parseLong(table.options().getOrDefault("key_mod", "0"));
            // every bad_every-th number is "bad input": reported to the runtime, not emitted
            long badEvery = Long.parseLong(table.options().getOrDefault("bad_every", "0"));
            return new Source() {
                long next;
                int step;
                SourceContext ctx;

                @Override
                public void open(SourceContext context) {
                    ctx = context;
                    next = context.task().subtaskIndex();
                    step = context.task().parallelism();
                    threads.put(context.task().subtaskIndex(), Thread.currentThread());
                }

                @Override
                public SourceStatus poll(Collector out) {
                    for (int k = 0; k < perPoll; k++) {
                        if (next >= count) {
                            return SourceStatus.FINISHED;
                        }
                        if (badEvery > 0 && next % badEvery == 0) {
                            ctx.badData("range subtask " + ctx.task().subtaskIndex(), "number " + next + " is bad");
                            next += step;
                            continue;
                        }
                        out.collect(keyMod > 0 ? new Object[] {next, next * 1000, next % keyMod}
                                : new Object[] {next, next * 1000});
                        produced.incrementAndGet();
                        next += step;
                    }
                    return SourceStatus.ACTIVE;
                }
            };
        }
    }

    /**
     * {@code collect}: keeps every row; option {@code fail_after} throws after that many rows,
     * {@code block} makes each write wait for {@link #release}, {@code preview} sends each row as
     * output to the controller.
     */
    public static final class Collect implements Connector {
        public final List<Object[]> rows = Collections.synchronizedList(new ArrayList<>());
        public final Map<Integer, List<Object[]>> bySubtask = new ConcurrentHashMap<>();
        public final Map<Integer, Thread> threads = new ConcurrentHashMap<>();
        public final CountDownLatch release = new CountDownLatch(1);
        public final CountDownLatch firstRow = new CountDownLatch(1);
        public final AtomicLong finished = new AtomicLong();
        public final AtomicLong closed = new AtomicLong();
        public final AtomicBoolean opened = new AtomicBoolean();

        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata("collect", "Collect", null, null, false, true, false, false, false, true, null, null);
        }

        @Override
        public ConnectorTable table(TableRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Sink createSink(ConnectorTable table) {
            long failAfter = Long.parseLong(table.options().getOrDefault("fail_after", "-1"));
            boolean block = Boolean.parseBoolean(table.options().getOrDefault("block", "false"));
            boolean preview = Boolean.parseBoolean(table.options().getOrDefault("preview", "false"));
            return new Sink() {
                long written;
                List<Object[]> mine;
                SinkContext context;

                @Override
                public void open(SinkContext context, byte[] restoredState) {
                    opened.set(true);
                    this.context = context;
                    threads.put(context.task().subtaskIndex(), Thread.currentThread());
                    mine = bySubtask.computeIfAbsent(context.task().subtaskIndex(), k -> Collections.synchronizedList(new ArrayList<>()));
                }

                @Override
                public void write(Object[] row) throws Exception {
                    firstRow.countDown();
                    if (block) {
                        release.await();
                    }
                    if (failAfter >= 0 && written >= failAfter) {
                        throw new ConnectorException("disk full after " + written + " rows");
                    }
                    written++;
                    rows.add(row);
                    mine.add(row);
                    if (preview) {
                        context.sendOutput(List.of("{\"n\":" + row[0] + "}"));
                    }
                }

                @Override
                public void finish() {
                    finished.incrementAndGet();
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        }
    }

    /** Records every report as text, e.g. {@code FINISHED sink_3#0}. */
    static final class Recorder implements ExecutionListener {
        public final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void running(String operatorId, int subtask) {
            events.add("RUNNING " + operatorId + "#" + subtask);
        }

        @Override
        public void finished(String operatorId, int subtask) {
            events.add("FINISHED " + operatorId + "#" + subtask);
        }

        @Override
        public void failed(String operatorId, int subtask, String error, String domain) {
            events.add("FAILED " + operatorId + "#" + subtask + " " + domain + ": " + error);
        }

        @Override
        public void output(String operatorId, int subtask, List<String> jsonRows) {
            events.add("OUTPUT " + operatorId + "#" + subtask + " " + jsonRows);
        }

        long count(String prefix) {
            return events.stream().filter(e -> e.startsWith(prefix)).count();
        }
    }
}
