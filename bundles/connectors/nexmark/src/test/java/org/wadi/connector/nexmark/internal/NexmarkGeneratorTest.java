package org.wadi.connector.nexmark.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The generator against values computed by the Flink baseline's generator (same base time
 * 1,700,000,000,000 ms and event-time rate 10,000,000/s), and against the Nexmark proportions.
 */
class NexmarkGeneratorTest {

    private static final long BASE_MS = 1_700_000_000_000L;
    private static final long BASE_NS = BASE_MS * 1_000_000L;

    private final NexmarkGenerator gen = new NexmarkGenerator(BASE_MS, 10_000_000);

    @Test
    void pinnedPersons() {
        Object[] row = gen.generate(0);
        Object[] p = (Object[]) row[0];
        assertNull(row[1]);
        assertNull(row[2]);
        assertArrayEquals(new Object[] {1000L, "John Abrams", "hngoh@dtg.com", "1815 8703 1490 8686", "Cheyenne", "AZ",
            BASE_NS}, java.util.Arrays.copyOf(p, 7));
        assertEquals(BASE_NS, row[3]);
        assertTrue(((String) p[7]).startsWith("y v iwjua gwurompysrnjkqqenrungfvresbxncwtakj"), (String) p[7]);

        p = (Object[]) gen.generate(1000)[0];
        assertArrayEquals(new Object[] {1020L, "Luke Walton", "imsug@rjr.com", "9055 4511 5985 9340", "Seattle", "ID"},
                java.util.Arrays.copyOf(p, 6));
    }

    @Test
    void pinnedAuctions() {
        Object[] row = gen.generate(1);
        assertNull(row[0]);
        assertNull(row[2]);
        Object[] a = (Object[]) row[1];
        // Arroyo's field order: id, description, item_name, initial_bid, reserve, datetime, expires, seller, ...
        assertArrayEquals(new Object[] {1000L,
            "dwzcjy v iwjua gwurompysrnjkqqenrungfvresbxncwtakjufinvqghcmxfdswqfsyxgt  fjyuvyabmyvfm", "ohhdtge",
            5226L, 75806L, BASE_NS, BASE_NS + 1_000_000L, 1010L, 12L}, java.util.Arrays.copyOf(a, 9));
        a = (Object[]) gen.generate(51)[1];
        assertArrayEquals(new Object[] {1003L, "xnc", 1199L, 10089080L, 1010L, 13L},
                new Object[] {a[0], a[2], a[3], a[4], a[7], a[8]});
    }

    @Test
    void pinnedBids() {
        Object[] row = gen.generate(4);
        assertNull(row[0]);
        assertNull(row[1]);
        assertArrayEquals(new Object[] {1006L, 1001L, 261151L, "channel-2959",
            "https://www.nexmark.com/jgpp/aeij/xsgb/item.htm?query=1&channel_id=2959", BASE_NS,
            "tgewdwzcjy v iwjua gwurompysrnjkqqenrungfvresbxncwtakjufin"}, (Object[]) row[2]);
        assertArrayEquals(new Object[] {8400L, 3401L, 74953800L, "Google",
            "https://www.nexmark.com/qqe/rung/vre/item.htm?query=1", BASE_NS + 12_000_000L},
                java.util.Arrays.copyOf((Object[]) gen.generate(123_456)[2], 6));
        assertArrayEquals(new Object[] {600900L, 200901L, 600872L, "channel-574",
            "https://www.nexmark.com/nhb/pvsg/heeu/item.htm?query=1&channel_id=574", BASE_NS + 999_000_000L},
                java.util.Arrays.copyOf((Object[]) gen.generate(9_999_999)[2], 6));
    }

    @Test
    void eachEventIsAFunctionOfItsNumber() {
        NexmarkGenerator other = new NexmarkGenerator(BASE_MS, 10_000_000);
        for (long n : new long[] {77, 3, 0, 77, 1_000_000_007L}) {
            assertEquals(java.util.Arrays.deepToString(gen.generate(n)),
                    java.util.Arrays.deepToString(other.generate(n)));
        }
    }

    @Test
    void reusedDrawsGiveWhatFreshDrawsGive() {
        // one generator walking forward (reusing the draws the events share) against a fresh one per event
        for (int stride : new int[] {1, 3, 700, 5000}) {
            NexmarkGenerator walking = new NexmarkGenerator(BASE_MS, 10_000_000);
            for (long n = 17; n < 17 + 400L * stride; n += stride) {
                assertEquals(java.util.Arrays.deepToString(new NexmarkGenerator(BASE_MS, 10_000_000).generate(n)),
                        java.util.Arrays.deepToString(walking.generate(n)), "event " + n + " at stride " + stride);
            }
        }
    }

    @Test
    void proportionsIdsAndSizesFollowTheSpecification() {
        int[] kinds = new int[3];
        long bidExtra = 0;
        int hotChannel = 0;
        for (long n = 0; n < 50_000; n++) {
            Object[] row = gen.generate(n);
            int k = row[0] != null ? 0 : row[1] != null ? 1 : 2;
            kinds[k]++;
            for (int other = 0; other < 3; other++) {
                if (other != k) {
                    assertNull(row[other]);
                }
            }
            Object[] s = (Object[]) row[k];
            assertEquals(new int[] {8, 10, 7}[k], s.length);
            long ts = (Long) row[3];
            assertEquals(BASE_NS + n / 10_000 * 1_000_000L, ts, "event time of " + n);
            switch (k) {
                case 0 -> assertEquals(1000L + n / 50, s[0]);
                case 1 -> {
                    assertEquals(1000L + n / 50 * 3 + n % 50 - 1, s[0]);
                    assertTrue((Long) s[6] > ts, "an auction expires after it starts");
                    assertTrue((Long) s[4] >= (Long) s[3], "reserve >= initial bid");
                    long seller = (Long) s[7] - 1000;
                    assertTrue(seller >= 0 && seller <= n / 50 + 10, "seller " + seller + " at " + n);
                }
                default -> {
                    long auction = (Long) s[0] - 1000;
                    assertTrue(auction >= 0 && auction <= n / 50 * 3 + 2 + 10, "auction " + auction + " at " + n);
                    long price = (Long) s[2];
                    assertTrue(price >= 100 && price <= 100_000_000, "price " + price);
                    int extra = ((String) s[6]).length();
                    assertTrue(extra >= 54 && extra <= 81, "bid extra of " + extra + " bytes");
                    bidExtra += extra;
                    if (((String) s[3]).indexOf('-') < 0) {
                        hotChannel++;
                    }
                }
            }
        }
        assertArrayEquals(new int[] {1000, 3000, 46_000}, kinds);
        double meanExtra = bidExtra / 46_000.0;
        assertTrue(meanExtra > 66 && meanExtra < 69, "mean bid padding " + meanExtra);
        assertTrue(hotChannel > 22_000 && hotChannel < 24_000, "hot channel bids " + hotChannel);
    }

    @Test
    void lastIdsFollowTheEventMix() {
        assertEquals(0, NexmarkGenerator.lastBase0PersonId(0));
        assertEquals(0, NexmarkGenerator.lastBase0PersonId(49));
        assertEquals(1, NexmarkGenerator.lastBase0PersonId(50));
        assertEquals(-1, NexmarkGenerator.lastBase0AuctionId(0));
        assertEquals(0, NexmarkGenerator.lastBase0AuctionId(1));
        assertEquals(2, NexmarkGenerator.lastBase0AuctionId(3));
        assertEquals(2, NexmarkGenerator.lastBase0AuctionId(49));
        assertEquals(2, NexmarkGenerator.lastBase0AuctionId(50));
        assertEquals(3, NexmarkGenerator.lastBase0AuctionId(51));
    }

    @Test
    void eventTimeFollowsTheEventTimeRate() {
        NexmarkGenerator slow = new NexmarkGenerator(BASE_MS, 4);
        assertEquals(BASE_MS, slow.timestampMs(0));
        assertEquals(BASE_MS + 250, slow.timestampMs(1));
        assertEquals(BASE_MS + 2500, slow.timestampMs(10));
        assertNotNull(slow.generate(10)[2]);
        assertEquals((BASE_MS + 2500) * 1_000_000L, slow.generate(10)[3]);
    }
}
