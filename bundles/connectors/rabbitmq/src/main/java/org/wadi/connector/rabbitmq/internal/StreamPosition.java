package org.wadi.connector.rabbitmq.internal;

import java.util.List;
import org.wadi.formats.support.LanePosition;
import org.wadi.formats.support.LaneStates;
import org.wadi.spi.connector.ConnectorException;

/**
 * Where one subtask of a RabbitMQ stream source stands, and what earlier runs of the job already
 * emitted: a {@link LanePosition} whose sequences are a message's stream offset plus one (so that 0
 * means "nothing"); the lane rules carry it across restores at the same or another parallelism.
 *
 * @param stream the stream read
 * @param parallelism how many subtasks read it now
 * @param lane this subtask's index
 * @param position the last sequence (offset + 1) dealt with (0: none)
 * @param earlier what earlier runs handled, newest last
 */
record StreamPosition(String stream, int parallelism, int lane, long position, List<LanePosition.Lanes> earlier)
        implements LanePosition {

    private static final LaneStates<StreamPosition> STATES = new LaneStates<>(RabbitmqConnector.NAME, "offsets",
            "to read the new stream", StreamPosition::new);

    StreamPosition {
        earlier = List.copyOf(earlier);
    }

    /** A fresh start: nothing handled yet. */
    static StreamPosition fresh(String stream, int parallelism, int lane) {
        return STATES.fresh(stream, parallelism, lane);
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

    /** See {@link LaneStates#restore}. */
    static StreamPosition restore(String table, String stream, int parallelism, int lane, List<byte[]> states)
            throws ConnectorException {
        return STATES.restore(table, stream, parallelism, lane, states);
    }

    /** Reads a state written by {@link #encode}. */
    static StreamPosition decode(String table, byte[] state) throws ConnectorException {
        return STATES.decode(table, state);
    }
}
