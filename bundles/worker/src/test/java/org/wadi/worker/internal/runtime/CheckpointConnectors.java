package org.wadi.worker.internal.runtime;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TableRequest;

/** Connectors that take part in checkpoints, for runtime tests. */
final class CheckpointConnectors {

    private CheckpointConnectors() {
    }

    /**
     * {@code offsets}: subtask i emits the rows given for it ({@link #rows}), {@code per_poll} a
     * poll; with option {@code pause_at}, it polls IDLE once it emitted that many rows (until
     * stopped); without, it finishes after the last. Its checkpoint state is the number of rows it
     * emitted; restored, it goes on from there.
     */
    static final class OffsetSource implements Connector {
        final Map<Integer, List<Object[]>> rows = new ConcurrentHashMap<>();
        /** Per subtask: rows emitted so far. */
        final Map<Integer, AtomicLong> emitted = new ConcurrentHashMap<>();
        /** Per subtask: the offsets it snapshotted, by epoch. */
        final Map<String, Long> snapshots = new ConcurrentHashMap<>();
        /** The checkpoints the sources were told were complete: "subtask@epoch on thread". */
        final java.util.Queue<String> commits = new java.util.concurrent.ConcurrentLinkedQueue<>();

        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata("offsets", "Offsets", null, null, true, false, false, false, false, true,
                    null, null);
        }

        @Override
        public ConnectorTable table(TableRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Source createSource(ConnectorTable table) {
            int perPoll = Integer.parseInt(table.options().getOrDefault("per_poll", "7"));
            long pauseAt = Long.parseLong(table.options().getOrDefault("pause_at", "-1"));
            return new Source() {
                List<Object[]> mine;
                int subtask;
                int next;

                @Override
                public void open(SourceContext context) {
                    subtask = context.task().subtaskIndex();
                    mine = rows.getOrDefault(subtask, List.of());
                    byte[] state = context.restoredState();
                    next = state == null ? 0 : (int) ByteBuffer.wrap(state).getLong();
                    emitted.computeIfAbsent(subtask, k -> new AtomicLong()).set(next);
                }

                @Override
                public SourceStatus poll(Collector out) {
                    if (pauseAt >= 0 && next >= pauseAt) {
                        return SourceStatus.IDLE;
                    }
                    if (next >= mine.size()) {
                        return SourceStatus.FINISHED;
                    }
                    for (int k = 0; k < perPoll && next < mine.size() && (pauseAt < 0 || next < pauseAt); k++) {
                        out.collect(mine.get(next++));
                        emitted.get(subtask).incrementAndGet();
                    }
                    return SourceStatus.ACTIVE;
                }

                @Override
                public byte[] snapshot(long epoch) {
                    snapshots.put(subtask + "@" + epoch, (long) next);
                    return ByteBuffer.allocate(8).putLong(next).array();
                }

                @Override
                public void commit(long epoch) {
                    commits.add(subtask + "@" + epoch + " on " + Thread.currentThread().getName());
                }
            };
        }
    }

    /**
     * {@code twopc}: an exactly-once sink in memory. Rows written wait until a checkpoint's commit
     * (or the end of a bounded input) makes them {@link #visible}; a sink closed without that drops
     * them. Its pre-committed state names the staged batch, which a restored sink re-commits.
     */
    static final class TwoPhaseSink implements Connector {
        final List<Object[]> visible = Collections.synchronizedList(new ArrayList<>());
        /** Staged batches by "subtask@epoch", kept across executions as an external system would. */
        final Map<String, List<Object[]>> staged = new ConcurrentHashMap<>();
        final List<String> commits = Collections.synchronizedList(new ArrayList<>());

        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata("twopc", "TwoPhase", null, null, false, true, false, false, false, true,
                    null, null);
        }

        @Override
        public ConnectorTable table(TableRequest request) {
            throw new UnsupportedOperationException();
        }

        private void publish(String id) {
            List<Object[]> batch = staged.remove(id);
            if (batch != null) {
                visible.addAll(batch);
                commits.add(id);
            }
        }

        @Override
        public Sink createSink(ConnectorTable table) {
            return new Sink() {
                final List<Object[]> buffer = new ArrayList<>();
                final TreeMap<Long, String> pending = new TreeMap<>();
                int subtask;

                @Override
                public void open(SinkContext context, byte[] restoredState) {
                    subtask = context.task().subtaskIndex();
                    if (restoredState != null) {
                        publish(new String(restoredState, java.nio.charset.StandardCharsets.UTF_8));
                    }
                }

                @Override
                public void write(Object[] row) {
                    buffer.add(row);
                }

                @Override
                public byte[] preCommit(long epoch) {
                    String id = subtask + "@" + epoch;
                    staged.put(id, new ArrayList<>(buffer));
                    buffer.clear();
                    return id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }

                @Override
                public void commit(long epoch, byte[] preCommitted) {
                    publish(new String(preCommitted, java.nio.charset.StandardCharsets.UTF_8));
                }

                @Override
                public void finish() {
                    staged.keySet().stream().filter(k -> k.startsWith(subtask + "@")).toList().forEach(k -> publish(k));
                    visible.addAll(buffer);
                    buffer.clear();
                }
            };
        }
    }

    /** Records checkpoint reports as {@code "op[subtask]@epoch"}. */
    static class Reports implements CheckpointListener {
        final Map<String, Long> completed = new ConcurrentHashMap<>();
        final Map<String, String> failed = new ConcurrentHashMap<>();

        @Override
        public void completed(long epoch, String operatorId, int subtask, long bytes, long startMicros,
                long finishMicros) {
            completed.put(operatorId + "[" + subtask + "]@" + epoch, bytes);
        }

        @Override
        public void failed(long epoch, String operatorId, int subtask, String error) {
            failed.put(operatorId + "[" + subtask + "]@" + epoch, error);
        }

        long count(long epoch) {
            return completed.keySet().stream().filter(k -> k.endsWith("@" + epoch)).count();
        }
    }
}
