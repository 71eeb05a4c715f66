package org.wadi.connector.filesystem.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the data sizes and durations of the filesystem options the way Arroyo accepts them:
 * sizes as a whole number with an optional binary unit ({@code 134217728}, {@code 128MB},
 * {@code 1g}), durations as a number of seconds or amounts with units ({@code 30},
 * {@code 30 seconds}, {@code 1 hour 30 minutes}, {@code 90s}), optionally written as an SQL
 * interval literal ({@code INTERVAL '30 minutes'}).
 */
final class OptionValues {

    private static final Pattern SIZE = Pattern.compile("^(\\d+)\\s*([a-zA-Z]*)$");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)");
    private static final Pattern INTERVAL_LITERAL =
            Pattern.compile("^(?i:interval)\\s*'([^']*)'\\s*([a-zA-Z]*)$");

    private OptionValues() {
    }

    /**
     * A data size in bytes.
     *
     * @throws IllegalArgumentException with the accepted forms
     */
    static long dataSize(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("a size in bytes, optionally with a unit (e.g. 134217728, 128MB, 1GB)");
        }
        long multiplier = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "k", "kb" -> 1L << 10;
            case "m", "mb" -> 1L << 20;
            case "g", "gb" -> 1L << 30;
            case "t", "tb" -> 1L << 40;
            case "p", "pb" -> 1L << 50;
            case "e", "eb" -> 1L << 60;
            default -> throw new IllegalArgumentException(
                    "a size with one of the units b, kb, mb, gb, tb, pb, eb (e.g. 128MB)");
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), multiplier);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("a size below 8 EB");
        }
    }

    /**
     * A duration in nanoseconds.
     *
     * @throws IllegalArgumentException with the accepted forms
     */
    static long durationNanos(String text) {
        String s = text.trim();
        Matcher literal = INTERVAL_LITERAL.matcher(s);
        if (literal.matches()) {
            // INTERVAL '30' MINUTE and INTERVAL '30 minutes' both mean thirty minutes
            s = (literal.group(1) + " " + literal.group(2)).trim();
        }
        String expected = "a duration such as 30 (seconds), '30 seconds', '5 minutes', '1 hour 30 minutes' or 90s";
        if (s.isEmpty()) {
            throw new IllegalArgumentException(expected);
        }
        Matcher m = DURATION_PART.matcher(s);
        int at = 0;
        double nanos = 0;
        while (at < s.length()) {
            if (Character.isWhitespace(s.charAt(at)) || s.charAt(at) == ',') {
                at++;
                continue;
            }
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException(expected);
            }
            double amount = Double.parseDouble(m.group(1));
            double unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "ns", "nanosecond", "nanoseconds" -> 1;
                case "us", "microsecond", "microseconds" -> 1e3;
                case "ms", "millisecond", "milliseconds" -> 1e6;
                case "", "s", "sec", "secs", "second", "seconds" -> 1e9;
                case "m", "min", "mins", "minute", "minutes" -> 60e9;
                case "h", "hr", "hrs", "hour", "hours" -> 3600e9;
                case "d", "day", "days" -> 86400e9;
                case "w", "week", "weeks" -> 7 * 86400e9;
                default -> throw new IllegalArgumentException(expected);
            };
            nanos += amount * unit;
            at = m.end();
        }
        if (nanos >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("a duration below 292 years");
        }
        return (long) nanos;
    }

    /** A duration as the options record it after validation: whole milliseconds when exact. */
    static String formatDuration(long nanos) {
        return nanos % 1_000_000 == 0 ? (nanos / 1_000_000) + "ms" : nanos + "ns";
    }
}
