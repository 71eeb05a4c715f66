package org.wadi.connector.nats.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.ConnectorException;

/** The lane rules that carry JetStream positions across restores at other parallelisms. */
class JetStreamPositionTest {

    @Test
    void aFreshStartOwnsItsLane() {
        JetStreamPosition p = JetStreamPosition.fresh("s", 3, 1);
        assertEquals(1, p.startSequence());
        assertTrue(p.owns(1) && p.owns(4) && p.owns(7));
        assertFalse(p.owns(2) || p.owns(3) || p.owns(6));
    }

    @Test
    void theStateRoundTrips() throws Exception {
        JetStreamPosition p = new JetStreamPosition("s", 2, 1, 42,
                List.of(new JetStreamPosition.Lanes(new long[] {10, 12, 11})));
        assertEquals(p, JetStreamPosition.decode("t", p.encode()));
    }

    @Test
    void aRestoreSkipsWhatAnyLaneOfTheLastRunHandled() throws Exception {
        // run of 2: lane 0 (even) reached 10, lane 1 (odd) reached 5
        List<byte[]> states = List.of(JetStreamPosition.fresh("s", 2, 0).at(10).encode(),
                JetStreamPosition.fresh("s", 2, 1).at(5).encode());
        List<JetStreamPosition> now = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            now.add(JetStreamPosition.restore("t", "s", 3, i, states));
        }
        assertEquals(6, now.get(0).startSequence());
        List<Long> owned = new ArrayList<>();
        for (long seq = 6; seq <= 20; seq++) {
            int owners = 0;
            for (JetStreamPosition p : now) {
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
        List<byte[]> run1 = List.of(JetStreamPosition.fresh("s", 2, 0).at(100).encode(),
                JetStreamPosition.fresh("s", 2, 1).at(3).encode());
        JetStreamPosition a = JetStreamPosition.restore("t", "s", 1, 0, run1);
        // run 2 (one subtask) only got to 50: run 1's even lane up to 100 must still be skipped later
        List<byte[]> run2 = List.of(a.at(50).encode());
        JetStreamPosition b = JetStreamPosition.restore("t", "s", 1, 0, run2);
        assertEquals(2, b.earlier().size());
        assertFalse(b.owns(52));
        assertTrue(b.owns(51) && b.owns(101) && b.owns(102));
        // once a run gets past 100 everywhere, run 1's rule is dropped
        JetStreamPosition c = JetStreamPosition.restore("t", "s", 1, 0, List.of(b.at(150).encode()));
        assertEquals(1, c.earlier().size());
    }

    @Test
    void incompleteOrMixedStatesAreRefused() throws Exception {
        byte[] lane0 = JetStreamPosition.fresh("s", 2, 0).at(10).encode();
        ConnectorException missing = assertThrows(ConnectorException.class,
                () -> JetStreamPosition.restore("t", "s", 1, 0, List.of(lane0)));
        assertTrue(missing.getMessage().contains("lacks the position of source subtask 1 of 2"), missing.getMessage());
        ConnectorException garbage = assertThrows(ConnectorException.class,
                () -> JetStreamPosition.restore("t", "s", 1, 0, List.of(new byte[] {1, 2})));
        assertTrue(garbage.getMessage().contains("not one this connector wrote"), garbage.getMessage());
    }
}
