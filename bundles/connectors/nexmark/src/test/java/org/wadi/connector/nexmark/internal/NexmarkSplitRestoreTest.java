package org.wadi.connector.nexmark.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.formats.testing.ConnectorHarness.ListCollector;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TaskInfo;

/**
 * The split-based generator across checkpoints: a job stopped at a checkpoint and restored at
 * another parallelism emits every event exactly once overall, and the events are those the
 * generator makes for their numbers.
 */
class NexmarkSplitRestoreTest {

    /** 1 000 events per second of event time: event {@code n} is at {@code base + n} ms, which names it. */
    private static final Map<String, String> OPTIONS = Map.of("pace", "false", "events", "60000",
            "event_time_rate", "1000");
    private static final long EVENTS = 60_000;
    private static final long BASE_MS = NexmarkSettings.DEFAULT_UNPACED_BASE_TIME_MS;

    private final NexmarkConnector connector = new NexmarkConnector();
    private final NexmarkSettings settings;
    private final NexmarkGenerator reference;

    NexmarkSplitRestoreTest() throws Exception {
        settings = NexmarkSettings.fromOptions(connector.table(ConnectorHarness.request("nexmark", OPTIONS)).options());
        reference = new NexmarkGenerator(BASE_MS, 1000);
    }

    /** A source context that hands over the states of every old subtask, as the runtime does. */
    record Ctx(TaskInfo task, List<byte[]> restoredStates) implements SourceContext {
        @Override
        public FileAccess files() {
            return null;
        }

        @Override
        public byte[] restoredState() {
            return null;
        }
    }

    /** One running subtask and the event numbers it emitted, checked against the generator. */
    final class Subtask {
        final NexmarkSource source = new NexmarkSource(settings, NexmarkSource.Clock.SYSTEM);
        final List<Long> emitted = new ArrayList<>();
        SourceStatus status = SourceStatus.ACTIVE;

        Subtask(int index, int parallelism, List<byte[]> restored) {
            source.open(new Ctx(Task.of(index, parallelism), restored));
        }

        void poll(int times) throws Exception {
            for (int i = 0; i < times && status != SourceStatus.FINISHED; i++) {
                ListCollector out = new ListCollector();
                status = source.poll(out);
                for (Object[] row : out.rows) {
                    long n = ((Long) row[3] / 1_000_000L) - BASE_MS;
                    assertEquals(Arrays.deepToString(reference.generate(n)), Arrays.deepToString(row), "event " + n);
                    emitted.add(n);
                }
            }
        }

        void drain() throws Exception {
            for (int i = 0; i < 1000 && status != SourceStatus.FINISHED; i++) {
                poll(1);
            }
            assertEquals(SourceStatus.FINISHED, status, "the subtask did not finish");
        }
    }

    /** Starts {@code parallelism} subtasks from {@code states} (none: a fresh start). */
    private List<Subtask> start(int parallelism, List<byte[]> states) {
        List<Subtask> out = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            out.add(new Subtask(i, parallelism, states));
        }
        return out;
    }

    /** Checkpoints every subtask: the events emitted so far are covered; returns the states. */
    private static List<byte[]> checkpoint(List<Subtask> subtasks, List<Long> covered, long epoch) throws Exception {
        List<byte[]> states = new ArrayList<>();
        for (Subtask s : subtasks) {
            states.add(s.source.snapshot(epoch));
            covered.addAll(s.emitted);
        }
        return states;
    }

    private static void assertEachEventOnce(List<Long> events) {
        int[] seen = new int[(int) EVENTS];
        for (long n : events) {
            assertTrue(n >= 0 && n < EVENTS, "event " + n + " is out of range");
            seen[(int) n]++;
        }
        for (int n = 0; n < EVENTS; n++) {
            assertEquals(1, seen[n], "event " + n + " was emitted " + seen[n] + " times");
        }
    }

    private static void assertAscending(List<Long> events) {
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i) > events.get(i - 1), "event " + events.get(i) + " after " + events.get(i - 1));
        }
    }

    @Test
    void restoresFromTwoToThreeAndFromThreeToOneWithEveryEventOnce() throws Exception {
        List<Long> delivered = new ArrayList<>();

        // parallelism 2, the subtasks at different places when the checkpoint comes
        List<Subtask> two = start(2, List.of());
        two.get(0).poll(2);
        two.get(1).poll(5);
        List<byte[]> first = checkpoint(two, delivered, 1);
        for (Subtask s : two) {
            s.poll(1); // emitted after the checkpoint, then the job fails: replayed after the restore
        }

        // restored at 3: each subtask's splits come from both old subtasks, at different places
        List<Subtask> three = start(3, first);
        three.get(0).poll(4);
        three.get(1).poll(1);
        three.get(2).poll(7);
        for (Subtask s : three) {
            assertAscending(s.emitted);
        }
        List<byte[]> second = checkpoint(three, delivered, 2);
        three.get(1).poll(3);

        // restored at 1 from the three states, to the end
        Subtask one = start(1, second).get(0);
        one.drain();
        assertAscending(one.emitted);
        delivered.addAll(one.emitted);

        assertEachEventOnce(delivered);
    }

    @Test
    void aRestoredRunIsDeterministic() throws Exception {
        List<Subtask> two = start(2, List.of());
        two.get(0).poll(1);
        two.get(1).poll(3);
        List<byte[]> states = checkpoint(two, new ArrayList<>(), 1);
        for (int k = 0; k < 3; k++) {
            List<Subtask> a = start(3, states);
            List<Subtask> b = start(3, states);
            a.get(k).drain();
            b.get(k).drain();
            assertEquals(a.get(k).emitted, b.get(k).emitted, "subtask " + k + " of 3");
        }
    }

    @Test
    void freshSubtasksEmitTheBaselinesLanes() throws Exception {
        // where the parallelism divides the split count, subtask i of p emits i, i + p, i + 2p, ...
        for (int p : new int[] {1, 2, 4}) {
            for (int i = 0; i < p; i++) {
                Subtask s = new Subtask(i, p, List.of());
                s.drain();
                assertEquals(EVENTS / p, s.emitted.size());
                for (int k = 0; k < s.emitted.size(); k++) {
                    assertEquals(i + (long) k * p, s.emitted.get(k), "subtask " + i + " of " + p);
                }
            }
        }
        // elsewhere (11 does not divide it) every event still comes once, ascending per subtask
        List<Long> all = new ArrayList<>();
        for (Subtask s : start(11, List.of())) {
            s.drain();
            assertAscending(s.emitted);
            all.addAll(s.emitted);
        }
        assertEachEventOnce(all);
    }

    @Test
    void restoresTheStateOfTheLaneBasedSource() throws Exception {
        // the state before splits: version 1, lane, stride, next event of the lane, base time
        List<Long> delivered = new ArrayList<>();
        long[] nextOfLane = {8_190, 12_001};
        List<byte[]> states = new ArrayList<>();
        for (int lane = 0; lane < 2; lane++) {
            for (long n = lane; n < nextOfLane[lane]; n += 2) {
                delivered.add(n);
            }
            states.add(ByteBuffer.allocate(28).putInt(1).putInt(lane).putInt(2).putLong(nextOfLane[lane])
                    .putLong(BASE_MS).array());
        }
        for (Subtask s : start(3, states)) {
            s.drain();
            delivered.addAll(s.emitted);
        }
        assertEachEventOnce(delivered);

        byte[] lane3 = ByteBuffer.allocate(28).putInt(1).putInt(0).putInt(11).putLong(0).putLong(BASE_MS).array();
        String e = assertThrows(IllegalStateException.class, () -> new Subtask(0, 1, List.of(lane3))).getMessage();
        assertTrue(e.contains("lane 0 of 11 of the lane-based generator, which maps onto the 20160 splits only for"
                + " parallelisms dividing 20160"), e);
    }

    @Test
    void aStateMissingOrTwiceIsRefused() throws Exception {
        List<Subtask> two = start(2, List.of());
        List<byte[]> states = checkpoint(two, new ArrayList<>(), 1);
        String twice = assertThrows(IllegalStateException.class,
                () -> new Subtask(0, 1, List.of(states.get(0), states.get(1), states.get(0)))).getMessage();
        assertTrue(twice.contains("split 0 appears in two old subtasks' states"), twice);
        String missing = assertThrows(IllegalStateException.class,
                () -> new Subtask(1, 3, List.of(states.get(0)))).getMessage();
        assertTrue(missing.contains("nexmark source op_1 subtask 1 of 3 cannot restore: the checkpoint's 1 source"
                + " state(s) hold no position for its split 1"), missing);
        String broken = assertThrows(IllegalStateException.class,
                () -> new Subtask(0, 2, List.of(new byte[] {0, 0, 0, 2, 0}))).getMessage();
        assertTrue(broken.contains("cannot read a checkpointed state (5 bytes)"), broken);
        // a compact state: the splits of a subtask that are level make one run
        assertEquals(12 + 28, states.get(0).length);
    }
}
