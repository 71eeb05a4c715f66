package org.wadi.formats.support;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where one subtask of a source stands in an ordered stream that every subtask reads whole, and
 * what earlier runs of the job already emitted: the checkpointed state that lets a restored job go
 * on with nothing lost and nothing read twice, at the same or another parallelism.
 *
 * <p>Messages carry <em>sequences</em> 1, 2, 3, … (0 means "nothing"). Every subtask reads the
 * whole stream in sequence order and emits the messages of its <em>lane</em>: those whose sequence
 * modulo the parallelism is its index. Its position is the last sequence it has dealt with, so a
 * run of {@code P} subtasks has handled exactly the sequences {@code s <= position[s % P]} — a
 * {@link Lanes} rule. A restored subtask starts after the smallest position of the last run and
 * skips what any recorded rule says was handled; the rules of runs before the last are carried in
 * the state until a later restore finds them covered by the newest one ({@link LaneStates#restore}).
 *
 * <p>A connector implements it with a record of exactly these components, which adds how its
 * server numbers messages; {@link LaneStates} restores and decodes such records.
 */
@ConsumerType
public interface LanePosition {

    /** The state layout {@link #encode} writes and {@link LaneStates#decode} reads. */
    int VERSION = 1;

    /**
     * What one run of the source handled: sequence {@code s} if {@code s <= positions[s % positions.length]}.
     *
     * @param positions the last sequence each subtask of that run dealt with, by subtask index
     */
    record Lanes(long[] positions) {

        /** Whether that run handled the message with this sequence. */
        public boolean handled(long sequence) {
            return sequence <= positions[(int) Long.remainderUnsigned(sequence, positions.length)];
        }

        /** The smallest position: every sequence up to it was handled. */
        public long min() {
            return Arrays.stream(positions).min().orElse(0);
        }

        /** The largest position: no sequence after it was handled. */
        public long max() {
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

    /** The stream read. */
    String stream();

    /** How many subtasks read it now. */
    int parallelism();

    /** This subtask's index. */
    int lane();

    /** The last sequence dealt with (0: none). */
    long position();

    /** What earlier runs handled, newest last. */
    List<Lanes> earlier();

    /** Whether this subtask emits the message with this sequence: in its lane and handled by no earlier run. */
    default boolean owns(long sequence) {
        if (Long.remainderUnsigned(sequence, parallelism()) != lane()) {
            return false;
        }
        for (Lanes l : earlier()) {
            if (l.handled(sequence)) {
                return false;
            }
        }
        return true;
    }

    /** The state to checkpoint. */
    default byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(VERSION);
            out.writeUTF(stream());
            out.writeInt(parallelism());
            out.writeInt(lane());
            out.writeLong(position());
            out.writeInt(earlier().size());
            for (Lanes l : earlier()) {
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
}
