package org.wadi.connector.nexmark.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.wadi.formats.testing.ConnectorHarness.SourceCtx;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.SourceStatus;

/**
 * Measures the unpaced source on one thread: {@code NexmarkGenBench [events] [rounds] [lanes]}
 * generates the events (as subtask 0 of {@code lanes}) into a collector that only counts them and
 * prints, for each round, events per second of wall-clock time and per second of the thread's CPU
 * time. Not a test; run it by hand:
 * {@code java -cp target/classes:target/test-classes:<wadi-spi, wadi-formats tests, slf4j-api jars>
 * org.wadi.connector.nexmark.internal.NexmarkGenBench 20000000 5 1}.
 */
public final class NexmarkGenBench {

    private NexmarkGenBench() {
    }

    /** Counts rows per kind and folds their timestamps so that nothing is optimised away. */
    static final class CountingCollector implements Collector {
        final long[] kinds = new long[3];
        long check;

        @Override
        public void collect(Object[] row) {
            int k = row[0] != null ? 0 : row[1] != null ? 1 : 2;
            kinds[k]++;
            check += (Long) row[3] + ((Object[]) row[k]).length;
        }
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 20_000_000L;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        // lane 0 of this many: each event's draws then overlap less with the lane's previous event's
        int lanes = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        NexmarkSettings settings = new NexmarkSettings(Double.NaN, false,
                NexmarkSettings.DEFAULT_UNPACED_EVENT_TIME_RATE, Double.NaN, events * lanes,
                NexmarkSettings.DEFAULT_UNPACED_BASE_TIME_MS);
        // CPU time as well as wall time: the machines are shared, and CPU time is what other load disturbs least
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < rounds; round++) {
            NexmarkSource source = new NexmarkSource(settings, NexmarkSource.Clock.SYSTEM);
            source.open(new SourceCtx(Task.of(0, lanes), null, null));
            CountingCollector out = new CountingCollector();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            while (source.poll(out) != SourceStatus.FINISHED) {
                // keep polling
            }
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            System.out.printf(Locale.ROOT, "round %d: %d events in %.3f s = %.0f events/s; %.3f CPU s = %.0f events"
                    + " per CPU second (persons=%d auctions=%d bids=%d, chk=%d)%n", round, events, s, events / s, cpu,
                    events / cpu, out.kinds[0], out.kinds[1], out.kinds[2], out.check % 1000);
        }
    }
}
