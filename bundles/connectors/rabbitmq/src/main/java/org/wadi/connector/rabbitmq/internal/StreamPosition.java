package org.wadi.connector.rabbitmq.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.wadi.spi.connector.ConnectorException;

/**
 * Where one subtask of a RabbitMQ stream source stands, and what earlier runs of the job already
 * emitted: the checkpointed state that lets a restored job go on with nothing lost and nothing
 * read twice, at the same or another parallelism.
 *
 * <p>Positions are <em>sequences</em>: a message's stream offset plus one, so that 0 means
 * "nothing". Every subtask reads the whole stream in offset order and emits the messages of its
 * <em>lane</em>: those whose sequence modulo the parallelism is its index. Its position is the
 * last sequence it has dealt with, so a run of {@code P} subtasks has handled exactly the
 * sequences {@code s <= position[s % P]} — a {@link Lanes} rule. A restored subtask starts after
 * the smallest position of the last run and skips what any recorded rule says was handled; the
 * rules of runs before the last are carried in the state until a later restore finds them covered
 * by the newest one.
 *
 * @param stream the stream read
 * @param parallelism how many subtasks read it now
 * @param lane this subtask's index
 * @param position the last sequence (offset + 1) dealt with (0: none)
 * @param earlier what earlier runs handled, newest last
 */
record StreamPosition(String stream, int parallelism, int lane, long position, List<Lanes> earlier) {

    private static final int VERSION = 1;

    /** What one run of the source handled: sequence {@code s} if {@code s <= positions[s % positions.length]}. */
    record Lanes(long[] positions) {

        boolean handled(long sequence) {
            return sequence <= positions[(int) Long.remainderUnsigned(sequence, positions.length)];
        }

        long min() {
            return Arrays.stream(positions).min().orElse(0);
        }

        long max() {
            return Arrays.stream(positions).max().orElse(0);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Lanes l && Arrays.equals(positions, l.positions);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(positions);
        }

        @Override
        public String toString() {
            return Arrays.toString(positions);
        }
    }

    StreamPosition {
        earlier = List.copyOf(earlier);
    }

    /** A fresh start: nothing handled yet. */
    static StreamPosition fresh(String stream, int parallelism, int lane) {
        return new StreamPosition(stream, parallelism, lane, 0, List.of());
    }

    /** Whether this subtask emits the message with this sequence: in its lane and handled by no earlier run. */
    boolean owns(long sequence) {
        if (Long.remainderUnsigned(sequence, parallelism) != lane) {
            return false;
        }
        for (Lanes l : earlier) {
            if (l.handled(sequence)) {
                return false;
            }
        }
        return true;
    }

    /** This position moved to {@code sequence}. */
    StreamPosition at(long sequence) {
        return new StreamPosition(stream, parallelism, lane, sequence, earlier);
    }

    /** The first stream offset to ask the server for: the offset after the position. */
    long startOffset() {
        return position;
    }

    /** This position with everything before {@code sequence} taken as handled: a fresh start that skips the past. */
    StreamPosition skippingBefore(long sequence) {
        return sequence - 1 > position ? new StreamPosition(stream, parallelism, lane, sequence - 1, earlier) : this;
    }

    /**
     * The position of subtask {@code lane} of {@code parallelism} resuming from the states every
     * subtask of the last run wrote ({@link #encode}); a fresh one when there are none.
     *
     * @throws ConnectorException when the states are for another stream or do not form one whole run
     */
    static StreamPosition restore(String table, String stream, int parallelism, int lane, List<byte[]> states)
            throws ConnectorException {
        if (states.isEmpty()) {
            return fresh(stream, parallelism, lane);
        }
        List<StreamPosition> old = new ArrayList<>();
        for (byte[] s : states) {
            old.add(decode(table, s));
        }
        StreamPosition first = old.get(0);
        int oldParallelism = first.parallelism();
        long[] positions = new long[oldParallelism];
        boolean[] seen = new boolean[oldParallelism];
        for (StreamPosition p : old) {
            if (!p.stream().equals(stream)) {
                throw new ConnectorException("rabbitmq table '" + table + "' reads stream '" + stream
                        + "' but the checkpoint it restores from holds offsets in stream '" + p.stream()
                        + "'; restart the job without its state to read the new stream");
            }
            if (p.parallelism() != oldParallelism || p.lane() < 0 || p.lane() >= oldParallelism || seen[p.lane()]
                    || !p.earlier().equals(first.earlier())) {
                throw new ConnectorException("rabbitmq table '" + table + "': the checkpoint's source states do not form"
                        + " one run (subtask " + p.lane() + " of " + p.parallelism() + " next to subtask "
                        + first.lane() + " of " + oldParallelism + ")");
            }
            seen[p.lane()] = true;
            positions[p.lane()] = p.position();
        }
        for (int i = 0; i < oldParallelism; i++) {
            if (!seen[i]) {
                throw new ConnectorException("rabbitmq table '" + table + "': the checkpoint lacks the position of source"
                        + " subtask " + i + " of " + oldParallelism + "; restoring would read its messages twice or"
                        + " lose them");
            }
        }
        Lanes last = new Lanes(positions);
        List<Lanes> rules = new ArrayList<>();
        for (Lanes l : first.earlier()) {
            // everything an earlier run handled up to its furthest lane is handled by the last run too
            if (l.max() > last.min()) {
                rules.add(l);
            }
        }
        rules.add(last);
        return new StreamPosition(stream, parallelism, lane, last.min(), rules);
    }

    /** The state to checkpoint. */
    byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(VERSION);
            out.writeUTF(stream);
            out.writeInt(parallelism);
            out.writeInt(lane);
            out.writeLong(position);
            out.writeInt(earlier.size());
            for (Lanes l : earlier) {
                out.writeInt(l.positions().length);
                for (long p : l.positions()) {
                    out.writeLong(p);
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a state written by {@link #encode}. */
    static StreamPosition decode(String table, byte[] state) throws ConnectorException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            int version = in.readInt();
            if (version != VERSION) {
                throw new ConnectorException("rabbitmq table '" + table + "': the checkpoint holds a source state of"
                        + " version " + version + ", this connector reads version " + VERSION);
            }
            String stream = in.readUTF();
            int parallelism = in.readInt();
            int lane = in.readInt();
            long position = in.readLong();
            int n = in.readInt();
            List<Lanes> earlier = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long[] positions = new long[in.readInt()];
                for (int j = 0; j < positions.length; j++) {
                    positions[j] = in.readLong();
                }
                earlier.add(new Lanes(positions));
            }
            if (parallelism < 1) {
                throw new IOException("parallelism " + parallelism);
            }
            return new StreamPosition(stream, parallelism, lane, position, earlier);
        } catch (IOException | RuntimeException e) {
            throw new ConnectorException("rabbitmq table '" + table + "': the checkpoint's source state is not one this"
                    + " connector wrote (" + e + ")", e);
        }
    }
}
