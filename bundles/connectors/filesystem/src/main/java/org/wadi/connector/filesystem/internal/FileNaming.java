package org.wadi.connector.filesystem.internal;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * How published files are named, as Arroyo's {@code filename.*} options: {@code [prefix-]<base>.<suffix>}
 * where the base is {@code <serial:5>-<subtask:3>} ({@code serial}), a random UUID ({@code uuid},
 * the default), a time-ordered UUID ({@code uuid_v7}) or a ULID ({@code ulid}).
 */
final class FileNaming {

    /** Arroyo's filename strategies, by their option values. */
    enum Strategy {
        SERIAL("serial"), UUID("uuid"), UUID_V7("uuid_v7"), ULID("ulid");

        final String option;

        Strategy(String option) {
            this.option = option;
        }

        static String choices() {
            return "serial, uuid, uuid_v7, ulid";
        }

        static Strategy parse(String value) {
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

    FileNaming(String prefix, String suffix, Strategy strategy, LongSupplier epochMillis) {
        this.prefix = prefix;
        this.suffix = suffix;
        this.strategy = strategy;
        this.epochMillis = epochMillis;
    }

    Strategy strategy() {
        return strategy;
    }

    /** The published name of a file; {@code serial} is only used by the serial strategy. */
    String name(long serial, int subtask) {
        String base = switch (strategy) {
            case SERIAL -> String.format(Locale.ROOT, "%05d-%03d", serial, subtask);
            case UUID -> UUID.randomUUID().toString();
            case UUID_V7 -> uuidV7();
            case ULID -> ulid();
        };
        return (prefix == null ? "" : prefix + "-") + base + "." + suffix;
    }

    /** RFC 9562 version 7: 48 bits of Unix milliseconds, then random bits. */
    String uuidV7() {
        long millis = epochMillis.getAsLong();
        long high = (millis << 16) | 0x7000L | (random.nextInt() & 0x0fffL);
        long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** A ULID: 48 bits of Unix milliseconds and 80 random bits, in Crockford's base 32 (26 characters). */
    String ulid() {
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
