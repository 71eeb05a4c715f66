package org.wadi.connector.rabbitmq.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.ConnectorException;

/** The lane rules that carry stream offsets across restores at other parallelisms. */
class StreamPositionTest {

    @Test
    void aFreshStartOwnsItsLane() {
        StreamPosition p = StreamPosition.fresh("s", 3, 1);
        assertEquals(0, p.startOffset(), "offset 0 is sequence 1");
        assertTrue(p.owns(1) && p.owns(4) && p.owns(7));
        assertFalse(p.owns(2) || p.owns(3) || p.owns(6));
    }

    @Test
    void theStateRoundTrips() throws Exception {
        StreamPosition p = new StreamPosition("s", 2, 1, 42,
                List.of(new StreamPosition.Lanes(new long[] {10, 12, 11})));
        assertEquals(p, StreamPosition.decode("t", p.encode()));
    }

    @Test
    void aRestoreSkipsWhatAnyLaneOfTheLastRunHandled() throws Exception {
        // run of 2: lane 0 (even) reached 10, lane 1 (odd) reached 5
        List<byte[]> states = List.of(StreamPosition.fresh("s", 2, 0).at(10).encode(),
                StreamPosition.fresh("s", 2, 1).at(5).encode());
        List<StreamPosition> now = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            now.add(StreamPosition.restore("t", "s", 3, i, states));
        }
        assertEquals(5, now.get(0).startOffset(), "sequence 6 is offset 5");
        List<Long> owned = new ArrayList<>();
        for (long seq = 6; seq <= 20; seq++) {
            int owners = 0;
            for (StreamPosition p : now) {
                if (p.owns(seq)) {
                    owners++;
                }
            }
            boolean handledBefore = seq % 2 == 0 ? seq <= 10 : seq <= 5;
            assertEquals(handledBefore ? 0 : 1, owners, "sequence " + seq);
            if (owners == 1) {
                owned.add(seq);
            }
        }
        assertEquals(List.of(7L, 9L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L), owned);
    }

    @Test
    void olderRulesAreKeptUntilTheNewestCoversThem() throws Exception {
        List<byte[]> run1 = List.of(StreamPosition.fresh("s", 2, 0).at(100).encode(),
                StreamPosition.fresh("s", 2, 1).at(3).encode());
        StreamPosition a = StreamPosition.restore("t", "s", 1, 0, run1);
        // run 2 (one subtask) only got to 50: run 1's even lane up to 100 must still be skipped later
        List<byte[]> run2 = List.of(a.at(50).encode());
        StreamPosition b = StreamPosition.restore("t", "s", 1, 0, run2);
        assertEquals(2, b.earlier().size());
        assertFalse(b.owns(52));
        assertTrue(b.owns(51) && b.owns(101) && b.owns(102));
        // once a run gets past 100 everywhere, run 1's rule is dropped
        StreamPosition c = StreamPosition.restore("t", "s", 1, 0, List.of(b.at(150).encode()));
        assertEquals(1, c.earlier().size());
    }

    @Test
    void incompleteOrMixedStatesAreRefused() throws Exception {
        byte[] lane0 = StreamPosition.fresh("s", 2, 0).at(10).encode();
        ConnectorException missing = assertThrows(ConnectorException.class,
                () -> StreamPosition.restore("t", "s", 1, 0, List.of(lane0)));
        assertTrue(missing.getMessage().contains("lacks the position of source subtask 1 of 2"), missing.getMessage());
        ConnectorException garbage = assertThrows(ConnectorException.class,
                () -> StreamPosition.restore("t", "s", 1, 0, List.of(new byte[] {1, 2})));
        assertTrue(garbage.getMessage().contains("not one this connector wrote"), garbage.getMessage());
    }

    @Test
    void aFreshStartAtTheEndTakesThePastAsHandled() {
        StreamPosition p = StreamPosition.fresh("s", 2, 1).skippingBefore(11);
        assertEquals(10, p.position());
        assertEquals(10, p.startOffset(), "offset 10 is the first one not skipped");
        assertEquals(p, p.skippingBefore(5), "never moves back");
    }
}
