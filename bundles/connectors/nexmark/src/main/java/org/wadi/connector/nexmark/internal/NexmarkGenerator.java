package org.wadi.connector.nexmark.internal;

import java.nio.charset.StandardCharsets;

/**
 * Nexmark events after the Nexmark specification (the Beam generator's model), each a pure function
 * of its event number {@code n}: the kind follows the 1:3:46 person/auction/bid proportions
 * ({@code n % 50}), the event time is {@code base_time + n / event_time_rate}, and every random
 * field comes from a SplitMix64 stream seeded with {@code n}. So the events do not depend on which
 * subtask makes them, or in what order: any split of the event numbers yields the same events.
 *
 * <p>The draws, their order and the derived values are those of the Flink baseline's generator
 * used for our benchmarks, so that both engines process identical events: keep them in step. Event
 * times have millisecond resolution (as in the Beam generator and the baseline) and are emitted as
 * nanoseconds.
 *
 * <p>A property of that seeding: the draws of event {@code n + 1} are those of event {@code n}
 * shifted by one, so neighbouring events are correlated (they often share a bidder, a price and
 * padding, and occasionally are equal). {@link Draws} turns it into speed.
 *
 * <p>A row is {@code [person, auction, bid, _timestamp]}: one of the three STRUCT values is set
 * (an {@code Object[]} in the field order of {@link NexmarkConnector#PERSON} and its siblings),
 * the other two are {@code null}. Not thread-safe: one instance per subtask.
 */
final class NexmarkGenerator {

    static final int PERSON_PROPORTION = 1;
    static final int AUCTION_PROPORTION = 3;
    static final int BID_PROPORTION = 46;
    static final int TOTAL_PROPORTION = PERSON_PROPORTION + AUCTION_PROPORTION + BID_PROPORTION;

    static final long FIRST_PERSON_ID = 1000;
    static final long FIRST_AUCTION_ID = 1000;
    static final long FIRST_CATEGORY_ID = 10;
    static final int NUM_CATEGORIES = 5;

    static final int NUM_ACTIVE_PEOPLE = 1000;
    static final int NUM_IN_FLIGHT_AUCTIONS = 100;
    static final int PERSON_ID_LEAD = 10;
    static final int AUCTION_ID_LEAD = 10;
    /** A bid goes to a hot auction with probability 1 - 1/2, and so on. */
    static final int HOT_AUCTION_RATIO = 2;
    static final int HOT_SELLERS_RATIO = 4;
    static final int HOT_BIDDERS_RATIO = 4;
    static final int HOT_CHANNELS_RATIO = 2;
    /** The hot id is the first (seller, auction) or second (bidder) of its group of this many. */
    static final int HOT_GROUP = 100;
    static final int AVG_PERSON_BYTES = 200;
    static final int AVG_AUCTION_BYTES = 500;
    static final int AVG_BID_BYTES = 100;
    static final int MIN_STRING_LENGTH = 3;
    static final int CHANNELS_NUMBER = 10_000;
    /** Events between an auction and the one {@link #NUM_IN_FLIGHT_AUCTIONS} later: its mean lifetime. */
    static final long EVENTS_FOR_AUCTIONS = (long) NUM_IN_FLIGHT_AUCTIONS * TOTAL_PROPORTION / AUCTION_PROPORTION;

    private static final String[] FIRST_NAMES = {
        "Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter"};
    private static final String[] LAST_NAMES = {
        "Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"};
    private static final String[] US_STATES = {"AZ", "CA", "ID", "OR", "WA", "WY"};
    private static final String[] US_CITIES = {
        "Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend", "Redmond", "Seattle", "Kent",
        "Cheyenne"};
    private static final String[] HOT_CHANNELS = {"Google", "Facebook", "Baidu", "Apple"};

    /** Every "first last" name, so that a person costs no concatenation. */
    private static final String[] NAMES = new String[FIRST_NAMES.length * LAST_NAMES.length];
    private static final String[] HOT_URLS = new String[HOT_CHANNELS.length];
    private static final String[] CHANNELS = new String[CHANNELS_NUMBER];
    private static final String[] CHANNEL_URLS = new String[CHANNELS_NUMBER];

    /** Random characters: a draw {@code v} in [0, 338) is a space when {@code v % 13 == 0}, else 'a' + v / 13. */
    private static final int CHAR_DRAW_BOUND = 13 * 26;
    private static final byte[] CHARS = new byte[CHAR_DRAW_BOUND];
    /** Longer than any string assembled in {@link #buf}: the longest is a description, under 100. */
    private static final int BUFFER_BYTES = 128;
    private static final byte[] DOT_COM = {'.', 'c', 'o', 'm'};

    static {
        for (int v = 0; v < CHAR_DRAW_BOUND; v++) {
            CHARS[v] = v % 13 == 0 ? (byte) ' ' : (byte) ('a' + v / 13);
        }
        for (int f = 0; f < FIRST_NAMES.length; f++) {
            for (int l = 0; l < LAST_NAMES.length; l++) {
                NAMES[f * LAST_NAMES.length + l] = FIRST_NAMES[f] + " " + LAST_NAMES[l];
            }
        }
        // the URLs come from one fixed stream (seed 42), hot ones first, as in the baseline
        Draws r = new Draws();
        r.seed(42);
        byte[] buf = new byte[64];
        for (int i = 0; i < HOT_URLS.length; i++) {
            HOT_URLS[i] = baseUrl(r, buf);
        }
        for (int i = 0; i < CHANNELS_NUMBER; i++) {
            CHANNELS[i] = "channel-" + i;
            CHANNEL_URLS[i] = baseUrl(r, buf) + "&channel_id=" + i;
        }
    }

    private final long baseTimeMs;
    private final double interEventDelayUs;
    private final Draws rng = new Draws();
    private final byte[] buf = new byte[BUFFER_BYTES];

    /**
     * @param baseTimeMs the event time of event 0, milliseconds since the epoch
     * @param eventTimeRate events per second of event time
     */
    NexmarkGenerator(long baseTimeMs, double eventTimeRate) {
        this.baseTimeMs = baseTimeMs;
        this.interEventDelayUs = 1_000_000.0 / eventTimeRate;
    }

    /** The event time of event {@code n} in milliseconds since the epoch (truncated as the baseline does). */
    long timestampMs(long n) {
        return baseTimeMs + (long) (n * interEventDelayUs) / 1000L;
    }

    /** Event {@code n} (0 or more) as a fresh row {@code [person, auction, bid, _timestamp]}. */
    Object[] generate(long n) {
        rng.seed(n);
        long tsMs = timestampMs(n);
        Long ts = tsMs * 1_000_000L;
        Object[] row = new Object[4];
        long rem = n % TOTAL_PROPORTION;
        if (rem < PERSON_PROPORTION) {
            row[0] = person(n, ts);
        } else if (rem < PERSON_PROPORTION + AUCTION_PROPORTION) {
            row[1] = auction(n, tsMs, ts);
        } else {
            row[2] = bid(n, ts);
        }
        row[3] = ts;
        return row;
    }

    // ---------------------------------------------------------------- ids

    /** The 0-based id of the newest person at event {@code n}. */
    static long lastBase0PersonId(long n) {
        long epoch = n / TOTAL_PROPORTION;
        long offset = n % TOTAL_PROPORTION;
        if (offset >= PERSON_PROPORTION) {
            offset = PERSON_PROPORTION - 1;
        }
        return epoch * PERSON_PROPORTION + offset;
    }

    /** The 0-based id of the newest auction at event {@code n} (-1 before the first). */
    static long lastBase0AuctionId(long n) {
        long epoch = n / TOTAL_PROPORTION;
        long offset = n % TOTAL_PROPORTION;
        if (offset < PERSON_PROPORTION) {
            epoch--;
            offset = AUCTION_PROPORTION - 1;
        } else if (offset >= PERSON_PROPORTION + AUCTION_PROPORTION) {
            offset = AUCTION_PROPORTION - 1;
        } else {
            offset -= PERSON_PROPORTION;
        }
        return epoch * AUCTION_PROPORTION + offset;
    }

    /** One of the active people, sometimes a little ahead of the newest (who may not exist yet). */
    private long nextBase0PersonId(long n) {
        long numPeople = lastBase0PersonId(n) + 1;
        long active = Math.min(numPeople, NUM_ACTIVE_PEOPLE);
        return numPeople - active + rng.nextLong(active + PERSON_ID_LEAD);
    }

    /** One of the in-flight auctions, sometimes a little ahead of the newest. */
    private long nextBase0AuctionId(long n) {
        long max = lastBase0AuctionId(n);
        long min = Math.max(max - NUM_IN_FLIGHT_AUCTIONS, 0);
        return min + rng.nextLong(max - min + 1 + AUCTION_ID_LEAD);
    }

    /** Log-uniform between 1.00 and 1,000,000.00, in cents. */
    private long nextPrice() {
        return Math.round(Math.pow(10.0, rng.nextDouble() * 6.0) * 100.0);
    }

    // ---------------------------------------------------------------- events

    private Object[] person(long n, Long ts) {
        long id = lastBase0PersonId(n) + FIRST_PERSON_ID;
        int first = rng.nextInt(FIRST_NAMES.length);
        int last = rng.nextInt(LAST_NAMES.length);
        String name = NAMES[first * LAST_NAMES.length + last];

        int p = appendString(0, 7);
        buf[p++] = '@';
        p = appendString(p, 5);
        System.arraycopy(DOT_COM, 0, buf, p, DOT_COM.length);
        String email = text(0, p + DOT_COM.length);

        p = 0;
        for (int group = 0; group < 4; group++) {
            int v = rng.nextInt(10_000);
            if (group > 0) {
                buf[p++] = ' ';
            }
            buf[p++] = (byte) ('0' + v / 1000);
            buf[p++] = (byte) ('0' + v / 100 % 10);
            buf[p++] = (byte) ('0' + v / 10 % 10);
            buf[p++] = (byte) ('0' + v % 10);
        }
        String card = text(0, p);

        String city = US_CITIES[rng.nextInt(US_CITIES.length)];
        String state = US_STATES[rng.nextInt(US_STATES.length)];
        int size = 8 + name.length() + email.length() + card.length() + city.length() + state.length();
        String extra = nextExtra(size, AVG_PERSON_BYTES);
        return new Object[] {id, name, email, card, city, state, ts, extra};
    }

    private Object[] auction(long n, long tsMs, Long ts) {
        long id = lastBase0AuctionId(n) + FIRST_AUCTION_ID;
        long seller;
        if (rng.nextInt(HOT_SELLERS_RATIO) > 0) {
            seller = lastBase0PersonId(n) / HOT_GROUP * HOT_GROUP;
        } else {
            seller = nextBase0PersonId(n);
        }
        seller += FIRST_PERSON_ID;
        long category = FIRST_CATEGORY_ID + rng.nextInt(NUM_CATEGORIES);
        long initialBid = nextPrice();
        // lifetime: uniform up to twice the event time until NUM_IN_FLIGHT_AUCTIONS more auctions exist
        long horizonMs = timestampMs(n + EVENTS_FOR_AUCTIONS) - tsMs;
        long expiresMs = tsMs + 1 + rng.nextLong(Math.max(horizonMs * 2, 1));
        String item = text(0, appendString(0, 20));
        String description = text(0, appendString(0, 100));
        long reserve = initialBid + nextPrice();
        int size = 8 + item.length() + description.length() + 8 + 8 + 8 + 8 + 8;
        String extra = nextExtra(size, AVG_AUCTION_BYTES);
        return new Object[] {id, description, item, initialBid, reserve, ts, expiresMs * 1_000_000L, seller,
            category, extra};
    }

    private Object[] bid(long n, Long ts) {
        long auction;
        if (rng.nextInt(HOT_AUCTION_RATIO) > 0) {
            auction = lastBase0AuctionId(n) / HOT_GROUP * HOT_GROUP;
        } else {
            auction = nextBase0AuctionId(n);
        }
        auction += FIRST_AUCTION_ID;
        long bidder;
        if (rng.nextInt(HOT_BIDDERS_RATIO) > 0) {
            // the second person of the group, so that hot bidders are not the hot sellers
            bidder = lastBase0PersonId(n) / HOT_GROUP * HOT_GROUP + 1;
        } else {
            bidder = nextBase0PersonId(n);
        }
        bidder += FIRST_PERSON_ID;
        long price = nextPrice();
        String channel;
        String url;
        if (rng.nextInt(HOT_CHANNELS_RATIO) > 0) {
            int i = rng.nextInt(HOT_CHANNELS.length);
            channel = HOT_CHANNELS[i];
            url = HOT_URLS[i];
        } else {
            int i = rng.nextInt(CHANNELS_NUMBER);
            channel = CHANNELS[i];
            url = CHANNEL_URLS[i];
        }
        String extra = nextExtra(32, AVG_BID_BYTES);
        return new Object[] {auction, bidder, price, channel, url, ts, extra};
    }

    // ---------------------------------------------------------------- strings

    /**
     * Writes a random lower-case string of {@code MIN_STRING_LENGTH} to {@code maxLength - 1}
     * characters (about one in 13 a space), without leading or trailing spaces, at {@code at}.
     *
     * @return the end of what was written
     */
    private int appendString(int at, int maxLength) {
        return appendString(rng, buf, at, maxLength);
    }

    private static int appendString(Draws rng, byte[] buf, int at, int maxLength) {
        int len = MIN_STRING_LENGTH + rng.nextInt(maxLength - MIN_STRING_LENGTH);
        rng.nextChars(buf, at, len);
        int start = at;
        int end = at + len;
        while (start < end && buf[start] == ' ') {
            start++;
        }
        while (end > start && buf[end - 1] == ' ') {
            end--;
        }
        if (start > at) {
            System.arraycopy(buf, start, buf, at, end - start);
        }
        return at + end - start;
    }

    /** Padding that brings an event of {@code currentSize} bytes to {@code desiredAvg} on average (within 20%). */
    private String nextExtra(int currentSize, int desiredAvg) {
        if (currentSize > desiredAvg) {
            return "";
        }
        int remaining = desiredAvg - currentSize;
        int delta = (int) Math.round(remaining * 0.2);
        int size = remaining - delta + (delta == 0 ? 0 : rng.nextInt(2 * delta));
        return rng.nextText(size);
    }

    private String text(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static String baseUrl(Draws r, byte[] buf) {
        StringBuilder url = new StringBuilder("https://www.nexmark.com/");
        for (int part = 0; part < 3; part++) {
            int end = appendString(r, buf, 0, 5);
            url.append(new String(buf, 0, end, StandardCharsets.ISO_8859_1).replace(' ', '_')).append('/');
        }
        return url.append("item.htm?query=1").toString();
    }

    /**
     * The random draws of one event: SplitMix64 seeded with the event number, reduced to a bound by
     * multiply-shift, as in the baseline. With that seeding the {@code j}-th draw of event {@code n}
     * is {@code mix(C + (n + j) * GAMMA)}: every event reads the same global sequence, starting at
     * position {@code n + 1}. So this keeps a window of the sequence (and of the character each
     * position makes): the next event of a lane, a few positions later, finds most of its draws
     * ready, and a string of random characters is a copy. Same values, a fraction of the work.
     */
    static final class Draws {
        static final long GAMMA = 0x9E3779B97F4A7C15L;
        static final long C = 0x632BE59BD9B4E019L;
        /** Positions kept: more than one event draws (an auction at most about 670). */
        static final int CAPACITY = 4096;
        private static final int MASK = CAPACITY - 1;
        /** Positions computed at a time beyond what is asked, so that the window advances in bulk. */
        private static final int CHUNK = 256;

        private final long[] raw = new long[CAPACITY];
        private final byte[] chars = new byte[CAPACITY];
        /** The window: positions [lo, hi) are in {@link #raw} and {@link #chars}. */
        private long lo;
        private long hi;
        /** The position of the next draw. */
        private long pos;

        static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        /** Starts the draws of the event seeded with {@code seed} (0 or more). */
        void seed(long seed) {
            pos = seed + 1;
            if (pos < lo || pos > hi) {
                lo = pos;
                hi = pos;
            } else {
                lo = pos;
            }
        }

        /** Makes positions [first, to) available; {@code to - first} is one string's length, under 1,000. */
        private void extend(long first, long to) {
            long target = Math.max(to, hi + CHUNK);
            if (target - lo > CAPACITY) {
                lo = Math.min(first, target - CAPACITY);
                if (target - lo > CAPACITY) {
                    target = to;
                }
            }
            if (hi < lo) {
                hi = lo;
            }
            long z = C + hi * GAMMA;
            for (long m = hi; m < target; m++) {
                long x = mix(z);
                z += GAMMA;
                int i = (int) m & MASK;
                raw[i] = x;
                chars[i] = CHARS[(int) (((x >>> 32) * CHAR_DRAW_BOUND) >>> 32)];
            }
            hi = target;
        }

        long nextLong() {
            long p = pos++;
            if (p >= hi) {
                extend(p, p + 1);
            }
            return raw[(int) p & MASK];
        }

        /** Uniform in [0, bound) for 0 < bound. */
        int nextInt(int bound) {
            return (int) (((nextLong() >>> 32) * bound) >>> 32);
        }

        long nextLong(long bound) {
            if (bound <= Integer.MAX_VALUE) {
                return nextInt((int) bound);
            }
            return Math.floorMod(nextLong(), bound);
        }

        double nextDouble() {
            return (nextLong() >>> 11) * 0x1.0p-53;
        }

        /**
         * {@code len} random characters, one draw each (in [0, 338): a space when divisible by 13,
         * else 'a' + v / 13), into {@code buf} at {@code at}.
         */
        void nextChars(byte[] buf, int at, int len) {
            int i = claim(len);
            int first = Math.min(len, CAPACITY - i);
            System.arraycopy(chars, i, buf, at, first);
            if (first < len) {
                System.arraycopy(chars, 0, buf, at + first, len - first);
            }
        }

        /** {@code len} random characters as a string. */
        String nextText(int len) {
            int i = claim(len);
            if (i + len <= CAPACITY) {
                return new String(chars, i, len, StandardCharsets.ISO_8859_1);
            }
            byte[] b = new byte[len];
            System.arraycopy(chars, i, b, 0, CAPACITY - i);
            System.arraycopy(chars, 0, b, CAPACITY - i, len - (CAPACITY - i));
            return new String(b, StandardCharsets.ISO_8859_1);
        }

        /** Takes the next {@code len} positions; returns the ring index of the first. */
        private int claim(int len) {
            long p = pos;
            pos += len;
            if (pos > hi) {
                extend(p, pos);
            }
            return (int) p & MASK;
        }
    }
}
