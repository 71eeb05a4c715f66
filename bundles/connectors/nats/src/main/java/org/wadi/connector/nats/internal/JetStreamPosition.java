package org.wadi.connector.nats.internal;

import java.util.List;
import org.wadi.formats.support.LanePosition;
import org.wadi.formats.support.LaneStates;
import org.wadi.spi.connector.ConnectorException;

/**
 * Where one subtask of a JetStream source stands, and what earlier runs of the job already
 * emitted: a {@link LanePosition} whose sequences are JetStream's stream sequences (1 is the first
 * message), so the lane rules carry it across restores at the same or another parallelism.
 *
 * @param stream the stream read
 * @param parallelism how many subtasks read it now
 * @param lane this subtask's index
 * @param position the last stream sequence dealt with (0: none)
 * @param earlier what earlier runs handled, newest last
 */
record JetStreamPosition(String stream, int parallelism, int lane, long position, List<LanePosition.Lanes> earlier)
        implements LanePosition {

    private static final LaneStates<JetStreamPosition> STATES = new LaneStates<>(NatsConnector.NAME, "positions",
            "to read the new stream from its start", JetStreamPosition::new);

    JetStreamPosition {
        earlier = List.copyOf(earlier);
    }

    /** A fresh start: nothing handled yet. */
    static JetStreamPosition fresh(String stream, int parallelism, int lane) {
        return STATES.fresh(stream, parallelism, lane);
    }

    /** This position moved to {@code sequence}. */
    JetStreamPosition at(long sequence) {
        return new JetStreamPosition(stream, parallelism, lane, sequence, earlier);
    }

    /** The first sequence to ask the server for: 1 on a fresh start. */
    long startSequence() {
        return position + 1;
    }

    /** See {@link LaneStates#restore}. */
    static JetStreamPosition restore(String table, String stream, int parallelism, int lane, List<byte[]> states)
            throws ConnectorException {
        return STATES.restore(table, stream, parallelism, lane, states);
    }

    /** Reads a state written by {@link #encode}. */
    static JetStreamPosition decode(String table, byte[] state) throws ConnectorException {
        return STATES.decode(table, state);
    }
}
