package org.wadi.storage;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * How the file sinks (filesystem, delta, iceberg) name the files they publish, as Arroyo's
 * {@code filename.*} options say: {@code [prefix-]<base>.<suffix>}
 * where the base is {@code <serial:5>-<subtask:3>} ({@code serial}), a random UUID ({@code uuid},
 * the default), a time-ordered UUID ({@code uuid_v7}) or a ULID ({@code ulid}).
 */
public final class FileNaming {

    /** The {@code filename.prefix} option. */
    public static final String PREFIX = "filename.prefix";
    /** The {@code filename.suffix} option. */
    public static final String SUFFIX = "filename.suffix";
    /** The {@code filename.strategy} option. */
    public static final String STRATEGY = "filename.strategy";

    /** Arroyo's filename strategies, by their option values. */
    public enum Strategy {
        SERIAL("serial"), UUID("uuid"), UUID_V7("uuid_v7"), ULID("ulid");

        private final String option;

        Strategy(String option) {
            this.option = option;
        }

        /** This strategy's option value. */
        public String option() {
            return option;
        }

        /** The option values, for error messages. */
        public static String choices() {
            return "serial, uuid, uuid_v7, ulid";
        }

        /** The strategy an option value names (also Arroyo's camel case {@code uuidV7}), or null. */
        public static Strategy parse(String value) {
            for (Strategy s : values()) {
                if (s.option.equals(value.trim().toLowerCase(Locale.ROOT))
                        || s.option.replace("_v7", "V7").equals(value.trim())) {
                    return s;
                }
            }
            return null;
        }
    }

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final String prefix;
    private final String suffix;
    private final Strategy strategy;
    private final SecureRandom random = new SecureRandom();
    private final LongSupplier epochMillis;

    /**
     * @param prefix the {@code filename.prefix}, or null
     * @param suffix the extension, without the dot
     * @param strategy how the base of each name is made
     * @param epochMillis the clock of the time-ordered strategies
     */
    public FileNaming(String prefix, String suffix, Strategy strategy, LongSupplier epochMillis) {
        this.prefix = prefix;
        this.suffix = suffix;
        this.strategy = strategy;
        this.epochMillis = epochMillis;
    }

    /** How the base of each name is made. */
    public Strategy strategy() {
        return strategy;
    }

    /** The published name of a file; {@code serial} is only used by the serial strategy. */
    public String name(long serial, int subtask) {
        String base = switch (strategy) {
            case SERIAL -> String.format(Locale.ROOT, "%05d-%03d", serial, subtask);
            case UUID -> UUID.randomUUID().toString();
            case UUID_V7 -> uuidV7();
            case ULID -> ulid();
        };
        return (prefix == null ? "" : prefix + "-") + base + "." + suffix;
    }

    /** RFC 9562 version 7: 48 bits of Unix milliseconds, then random bits. */
    private String uuidV7() {
        long millis = epochMillis.getAsLong();
        long high = (millis << 16) | 0x7000L | (random.nextInt() & 0x0fffL);
        long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** A ULID: 48 bits of Unix milliseconds and 80 random bits, in Crockford's base 32 (26 characters). */
    private String ulid() {
        long millis = epochMillis.getAsLong() & 0xffffffffffffL;
        byte[] bits = new byte[16];
        for (int i = 0; i < 6; i++) {
            bits[i] = (byte) (millis >>> (40 - 8 * i));
        }
        byte[] rnd = new byte[10];
        random.nextBytes(rnd);
        System.arraycopy(rnd, 0, bits, 6, 10);
        // 128 bits as 26 groups of 5 bits, the first group holding only the top 3 bits
        char[] out = new char[26];
        for (int i = 0; i < 26; i++) {
            int bitStart = 128 - 5 * (26 - i);
            int value = 0;
            for (int b = 0; b < 5; b++) {
                int bit = bitStart + b;
                value <<= 1;
                if (bit >= 0 && (bits[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                    value |= 1;
                }
            }
            out[i] = CROCKFORD[value];
        }
        return new String(out);
    }
}
