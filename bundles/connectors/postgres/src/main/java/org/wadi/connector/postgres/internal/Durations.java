package org.wadi.connector.postgres.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wadi.spi.connector.ConnectorException;

/** Durations as the lookup cache options take them: {@code 500ms}, {@code 30s}, {@code 5 minutes}, {@code 1h}. */
final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([a-z]*)");

    private Durations() {
    }

    /** The duration in milliseconds (no unit: seconds). */
    static long millis(String connector, String key, String text) throws ConnectorException {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        long unit = !m.matches() ? -1 : switch (m.group(2)) {
            case "ms", "millis", "millisecond", "milliseconds" -> 1L;
            case "", "s", "sec", "secs", "second", "seconds" -> 1_000L;
            case "m", "min", "mins", "minute", "minutes" -> 60_000L;
            case "h", "hour", "hours" -> 3_600_000L;
            case "d", "day", "days" -> 86_400_000L;
            default -> -1;
        };
        try {
            if (unit > 0) {
                return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // too large: reported below
        }
        throw new ConnectorException("Invalid value '" + text + "' for option '" + key + "' of connector '"
                + connector + "': expected a duration such as 500ms, 30s, 5 minutes or 1h");
    }
}
