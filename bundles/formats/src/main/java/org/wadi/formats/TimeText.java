package org.wadi.formats;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Text forms of temporal values, as Arroyo's JSON writer prints them (arrow's default display of
 * naive chrono values) and as its reader accepts them.
 */
final class TimeText {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_DAY = 86_400L * NANOS_PER_SECOND;

    private TimeText() {
    }

    /** {@code 2023-10-09T17:13:40.200}: no zone; 0, 3, 6 or 9 fractional digits, the fewest that are exact. */
    static void timestamp(long epochNanos, StringBuilder out) {
        long days = Math.floorDiv(epochNanos, NANOS_PER_DAY);
        long nanosOfDay = Math.floorMod(epochNanos, NANOS_PER_DAY);
        date(days, out);
        out.append('T');
        time(nanosOfDay, out);
    }

    /** {@code 2023-10-09}; years outside 0..9999 with a sign and at least four digits, as chrono does. */
    static void date(long epochDays, StringBuilder out) {
        LocalDate d = LocalDate.ofEpochDay(epochDays);
        int year = d.getYear();
        if (year >= 0 && year <= 9999) {
            pad(year, 4, out);
        } else {
            out.append(year < 0 ? '-' : '+');
            pad(Math.abs(year), 4, out);
        }
        out.append('-');
        pad(d.getMonthValue(), 2, out);
        out.append('-');
        pad(d.getDayOfMonth(), 2, out);
    }

    /** {@code 17:13:40.2}-style times: {@code HH:MM:SS} plus 0, 3, 6 or 9 fractional digits. */
    static void time(long nanosOfDay, StringBuilder out) {
        long secs = nanosOfDay / NANOS_PER_SECOND;
        int nano = (int) (nanosOfDay % NANOS_PER_SECOND);
        pad((int) (secs / 3600), 2, out);
        out.append(':');
        pad((int) (secs / 60 % 60), 2, out);
        out.append(':');
        pad((int) (secs % 60), 2, out);
        if (nano == 0) {
            return;
        }
        out.append('.');
        if (nano % 1_000_000 == 0) {
            pad(nano / 1_000_000, 3, out);
        } else if (nano % 1_000 == 0) {
            pad(nano / 1_000, 6, out);
        } else {
            pad(nano, 9, out);
        }
    }

    /**
     * A duration of nanoseconds as arrow displays a month-day-nano interval whose months and days
     * are zero: {@code 1 hours 2 mins 3.000000000 secs}, zero parts left out.
     */
    static void interval(long nanos, StringBuilder out) {
        long secs = nanos / NANOS_PER_SECOND;
        long mins = secs / 60;
        long hours = mins / 60;
        secs -= mins * 60;
        mins -= hours * 60;
        long frac = nanos % NANOS_PER_SECOND;
        String prefix = "";
        if (hours != 0) {
            out.append(hours).append(" hours");
            prefix = " ";
        }
        if (mins != 0) {
            out.append(prefix).append(mins).append(" mins");
            prefix = " ";
        }
        if (secs != 0 || frac != 0) {
            out.append(prefix);
            if (secs < 0 || frac < 0) {
                out.append('-');
            }
            out.append(Math.abs(secs)).append('.');
            pad(Math.abs(frac), 9, out);
            out.append(" secs");
        }
    }

    /**
     * Parses a timestamp: {@code YYYY-MM-DD}, optionally followed by {@code T} or a space and a time
     * with any fractional digits, optionally followed by {@code Z} or an offset; no zone means UTC.
     *
     * @return nanoseconds since the epoch
     * @throws IllegalArgumentException if it is none of those
     */
    static long parseTimestamp(String text) {
        String s = text.trim();
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).toEpochDay() * NANOS_PER_DAY;
            }
            String iso = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
            char last = iso.charAt(iso.length() - 1);
            boolean zoned = last == 'Z' || last == 'z' || hasOffset(iso);
            if (zoned) {
                OffsetDateTime odt = OffsetDateTime.parse(iso.endsWith("z") ? iso.substring(0, iso.length() - 1) + 'Z' : iso);
                return toNanos(odt.toEpochSecond(), odt.getNano());
            }
            LocalDateTime ldt = LocalDateTime.parse(iso);
            return toNanos(ldt.toEpochSecond(ZoneOffset.UTC), ldt.getNano());
        } catch (DateTimeParseException | ArithmeticException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a timestamp like 2023-10-09T17:13:40.200 or 2023-10-09T17:13:40Z");
        }
    }

    /** Parses {@code YYYY-MM-DD} to days since the epoch. */
    static int parseDate(String text) {
        try {
            return Math.toIntExact(LocalDate.parse(text.trim()).toEpochDay());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("not a date like 2023-10-09");
        }
    }

    /** Parses {@code HH:MM[:SS[.fraction]]} to nanoseconds since midnight. */
    static long parseTime(String text) {
        try {
            return LocalTime.parse(text.trim()).toNanoOfDay();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a time like 17:13:40.200");
        }
    }

    private static boolean hasOffset(String iso) {
        int t = iso.indexOf('T');
        if (t < 0) {
            return false;
        }
        return iso.indexOf('+', t) > 0 || iso.indexOf('-', t) > 0;
    }

    private static long toNanos(long epochSecond, int nano) {
        return Math.addExact(Math.multiplyExact(epochSecond, NANOS_PER_SECOND), nano);
    }

    private static void pad(long value, int width, StringBuilder out) {
        String s = Long.toString(value);
        for (int i = s.length(); i < width; i++) {
            out.append('0');
        }
        out.append(s);
    }
}
