package org.wadi.formats.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.ConnectorException;

/** The lane rules that carry a source's positions across restores at other parallelisms, for any connector. */
class LaneStatesTest {

    /** A connector's position record, as connectors write theirs. */
    record Pos(String stream, int parallelism, int lane, long position, List<Lanes> earlier) implements LanePosition {
        Pos {
            earlier = List.copyOf(earlier);
        }

        Pos at(long sequence) {
            return new Pos(stream, parallelism, lane, sequence, earlier);
        }
    }

    private static final LaneStates<Pos> STATES = new LaneStates<>("demo", "marks", "to read it afresh", Pos::new);

    @Test
    void aFreshStartOwnsItsLaneOnly() {
        Pos p = STATES.fresh("s", 3, 1);
        assertEquals(0, p.position());
        assertTrue(p.owns(1) && p.owns(4) && p.owns(7));
        assertFalse(p.owns(2) || p.owns(3) || p.owns(6));
    }

    @Test
    void theStateRoundTrips() throws Exception {
        Pos p = new Pos("s", 2, 1, 42, List.of(new LanePosition.Lanes(new long[] {10, 12, 11}),
                new LanePosition.Lanes(new long[] {13})));
        assertEquals(p, STATES.decode("t", p.encode()));
    }

    @Test
    void aRestoreAtAnotherParallelismEmitsEachUnhandledSequenceOnce() throws Exception {
        // run of 2: lane 0 (even) reached 10, lane 1 (odd) reached 5
        List<byte[]> states = List.of(STATES.fresh("s", 2, 0).at(10).encode(), STATES.fresh("s", 2, 1).at(5).encode());
        List<Pos> now = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            now.add(STATES.restore("t", "s", 3, i, states));
        }
        assertEquals(5, now.get(0).position(), "resumes after the slowest lane");
        for (long seq = 1; seq <= 30; seq++) {
            long s = seq;
            long owners = now.stream().filter(p -> p.owns(s)).count();
            boolean handledBefore = seq % 2 == 0 ? seq <= 10 : seq <= 5;
            assertEquals(handledBefore ? 0 : 1, owners, "sequence " + seq);
        }
    }

    @Test
    void olderRulesAreKeptUntilTheNewestCoversThem() throws Exception {
        List<byte[]> run1 = List.of(STATES.fresh("s", 2, 0).at(100).encode(), STATES.fresh("s", 2, 1).at(3).encode());
        Pos a = STATES.restore("t", "s", 1, 0, run1);
        Pos b = STATES.restore("t", "s", 1, 0, List.of(a.at(50).encode()));
        assertEquals(2, b.earlier().size());
        assertFalse(b.owns(52));
        assertTrue(b.owns(51) && b.owns(101) && b.owns(102));
        Pos c = STATES.restore("t", "s", 1, 0, List.of(b.at(150).encode()));
        assertEquals(List.of(new LanePosition.Lanes(new long[] {150})), c.earlier());
    }

    @Test
    void errorsSpeakTheConnectorsWords() throws Exception {
        byte[] other = STATES.fresh("old", 1, 0).at(4).encode();
        ConnectorException stream = assertThrows(ConnectorException.class,
                () -> STATES.restore("t", "new", 1, 0, List.of(other)));
        assertEquals("demo table 't' reads stream 'new' but the checkpoint it restores from holds marks in stream"
                + " 'old'; restart the job without its state to read it afresh", stream.getMessage());

        byte[] lane0 = STATES.fresh("s", 2, 0).at(10).encode();
        ConnectorException missing = assertThrows(ConnectorException.class,
                () -> STATES.restore("t", "s", 1, 0, List.of(lane0)));
        assertEquals("demo table 't': the checkpoint lacks the position of source subtask 1 of 2; restoring would"
                + " read its messages twice or lose them", missing.getMessage());

        ConnectorException twice = assertThrows(ConnectorException.class,
                () -> STATES.restore("t", "s", 1, 0, List.of(lane0, lane0)));
        assertTrue(twice.getMessage().startsWith("demo table 't': the checkpoint's source states do not form one run"),
                twice.getMessage());

        ConnectorException garbage = assertThrows(ConnectorException.class,
                () -> STATES.decode("t", new byte[] {1, 2}));
        assertTrue(garbage.getMessage().startsWith("demo table 't': the checkpoint's source state is not one this"
                + " connector wrote"), garbage.getMessage());
    }

    @Test
    void anotherVersionIsRefusedByNumber() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new DataOutputStream(bytes).writeInt(LanePosition.VERSION + 1);
        ConnectorException e = assertThrows(ConnectorException.class, () -> STATES.decode("t", bytes.toByteArray()));
        assertEquals("demo table 't': the checkpoint holds a source state of version 2, this connector reads version 1",
                e.getMessage());
    }
}
