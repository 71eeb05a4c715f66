package org.wadi.formats.support;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.wadi.formats.support.LanePosition.Lanes;
import org.wadi.spi.connector.ConnectorException;

/**
 * Reads one connector's {@link LanePosition}s back from checkpoints: {@link #decode} one state,
 * {@link #restore} a subtask's position from the states of every subtask of the last run. Errors
 * name the connector and the table, in the connector's words.
 *
 * @param <P> the connector's position record
 */
public final class LaneStates<P extends LanePosition> {

    /** Makes a connector's position record from its components. */
    @FunctionalInterface
    public interface Factory<P extends LanePosition> {
        /** The position with these components (see {@link LanePosition}). */
        P create(String stream, int parallelism, int lane, long position, List<Lanes> earlier);
    }

    private final String connector;
    private final String unit;
    private final String restartAdvice;
    private final Factory<P> factory;

    /**
     * @param connector the connector's name, as errors begin: {@code "nats table 't' …"}
     * @param unit what the connector calls a position in its errors ({@code "positions"}, {@code "offsets"})
     * @param restartAdvice how a restart without state reads a new stream, after "restart the job
     *     without its state " ({@code "to read the new stream"})
     * @param factory makes the connector's records
     */
    public LaneStates(String connector, String unit, String restartAdvice, Factory<P> factory) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.unit = Objects.requireNonNull(unit, "unit");
        this.restartAdvice = Objects.requireNonNull(restartAdvice, "restartAdvice");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** A fresh start: nothing handled yet. */
    public P fresh(String stream, int parallelism, int lane) {
        return factory.create(stream, parallelism, lane, 0, List.of());
    }

    /**
     * The position of subtask {@code lane} of {@code parallelism} resuming from the states every
     * subtask of the last run wrote ({@link LanePosition#encode}); a fresh one when there are none.
     *
     * @throws ConnectorException when the states are for another stream or do not form one whole run
     */
    public P restore(String table, String stream, int parallelism, int lane, List<byte[]> states)
            throws ConnectorException {
        if (states.isEmpty()) {
            return fresh(stream, parallelism, lane);
        }
        List<P> old = new ArrayList<>();
        for (byte[] s : states) {
            old.add(decode(table, s));
        }
        P first = old.get(0);
        int oldParallelism = first.parallelism();
        long[] positions = new long[oldParallelism];
        boolean[] seen = new boolean[oldParallelism];
        for (P p : old) {
            if (!p.stream().equals(stream)) {
                throw new ConnectorException(connector + " table '" + table + "' reads stream '" + stream
                        + "' but the checkpoint it restores from holds " + unit + " in stream '" + p.stream()
                        + "'; restart the job without its state " + restartAdvice);
            }
            if (p.parallelism() != oldParallelism || p.lane() < 0 || p.lane() >= oldParallelism || seen[p.lane()]
                    || !p.earlier().equals(first.earlier())) {
                throw new ConnectorException(connector + " table '" + table + "': the checkpoint's source states do"
                        + " not form one run (subtask " + p.lane() + " of " + p.parallelism() + " next to subtask "
                        + first.lane() + " of " + oldParallelism + ")");
            }
            seen[p.lane()] = true;
            positions[p.lane()] = p.position();
        }
        for (int i = 0; i < oldParallelism; i++) {
            if (!seen[i]) {
                throw new ConnectorException(connector + " table '" + table + "': the checkpoint lacks the position of"
                        + " source subtask " + i + " of " + oldParallelism + "; restoring would read its messages"
                        + " twice or lose them");
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
        return factory.create(stream, parallelism, lane, last.min(), rules);
    }

    /** Reads a state written by {@link LanePosition#encode}. */
    public P decode(String table, byte[] state) throws ConnectorException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            int version = in.readInt();
            if (version != LanePosition.VERSION) {
                throw new ConnectorException(connector + " table '" + table + "': the checkpoint holds a source state"
                        + " of version " + version + ", this connector reads version " + LanePosition.VERSION);
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
            return factory.create(stream, parallelism, lane, position, earlier);
        } catch (IOException | RuntimeException e) {
            throw new ConnectorException(connector + " table '" + table + "': the checkpoint's source state is not one"
                    + " this connector wrote (" + e + ")", e);
        }
    }
}
