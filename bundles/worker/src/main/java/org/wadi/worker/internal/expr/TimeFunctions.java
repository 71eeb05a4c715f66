package org.wadi.worker.internal.expr;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DataFusion's date and time functions over Wadi's representation: TIMESTAMP is nanoseconds since
 * the epoch (naive, read as UTC), DATE days since the epoch, TIME nanoseconds of the day, INTERVAL
 * nanoseconds. Format strings are chrono's ({@code %Y-%m-%d %H:%M:%S%.f}), as DataFusion's.
 */
public final class TimeFunctions {

    private static final long NANOS = 1_000_000_000L;
    private static final long DAY = Sql.NANOS_PER_DAY;

    private static final Map<String, DateTimeFormatter> PARSERS = new ConcurrentHashMap<>();

    private TimeFunctions() {
    }

    // ---- current time ---------------------------------------------------------------------------

    /** The wall-clock time now: evaluated per row, as a streaming query has no single "query start". */
    @NullSafe
    public static Long now() {
        java.time.Instant i = java.time.Instant.now();
        return i.getEpochSecond() * NANOS + i.getNano();
    }

    @NullSafe
    public static Long current_timestamp() {
        return now();
    }

    @NullSafe
    public static Integer current_date() {
        return (int) Math.floorDiv(now(), DAY);
    }

    @NullSafe
    public static Integer today() {
        return current_date();
    }

    @NullSafe
    public static Long current_time() {
        return Math.floorMod(now(), DAY);
    }

    // ---- truncation and binning -----------------------------------------------------------------

    public static long date_trunc(String part, long ts) {
        LocalDateTime t = toLocal(ts);
        LocalDateTime r = switch (part.toLowerCase(Locale.ROOT)) {
            case "year" -> t.toLocalDate().withDayOfYear(1).atStartOfDay();
            case "quarter" -> t.toLocalDate().withDayOfMonth(1).withMonth(((t.getMonthValue() - 1) / 3) * 3 + 1)
                    .atStartOfDay();
            case "month" -> t.toLocalDate().withDayOfMonth(1).atStartOfDay();
            case "week" -> t.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay();
            case "day" -> t.toLocalDate().atStartOfDay();
            case "hour" -> t.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
            case "minute" -> t.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
            case "second" -> t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            case "millisecond" -> t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            case "microsecond" -> t.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            default -> throw new IllegalArgumentException("date_trunc: unsupported granularity '" + part
                    + "'; valid: year, quarter, month, week, day, hour, minute, second, millisecond, microsecond");
        };
        return toNanos(r);
    }

    public static long datetrunc(String part, long ts) {
        return date_trunc(part, ts);
    }

    /** The start of the {@code stride}-wide bin holding {@code ts}, bins aligned on the epoch. */
    public static long date_bin(long stride, long ts) {
        return date_bin(stride, ts, 0L);
    }

    public static long date_bin(long stride, long ts, long origin) {
        if (stride <= 0) {
            throw new IllegalArgumentException("date_bin: the stride must be positive, was " + stride + " ns");
        }
        return origin + Math.floorDiv(ts - origin, stride) * stride;
    }

    // ---- fields ---------------------------------------------------------------------------------

    /** As DataFusion: whole numbers for every part but {@code epoch} (seconds, with their fraction). */
    public static double date_part(String part, long ts) {
        String p = part.toLowerCase(Locale.ROOT);
        if (p.equals("epoch")) {
            return ts / (double) NANOS;
        }
        return field(p, ts);
    }

    public static double datepart(String part, long ts) {
        return date_part(part, ts);
    }

    /** SQL {@code EXTRACT(unit FROM ts)} as the planner passes it: the unit's name, the value. */
    public static long extract(String unit, long ts) {
        String p = unit.toLowerCase(Locale.ROOT);
        return switch (p) {
            case "epoch" -> Math.floorDiv(ts, NANOS);
            case "isodow" -> field("dow", ts) == 0 ? 7 : field("dow", ts);
            case "isoyear" -> toLocal(ts).get(IsoFields.WEEK_BASED_YEAR);
            case "decade" -> Math.floorDiv(field("year", ts), 10);
            case "century" -> (field("year", ts) + 99) / 100;
            case "millennium" -> (field("year", ts) + 999) / 1000;
            default -> field(p, ts);
        };
    }

    private static long field(String p, long ts) {
        LocalDateTime t = toLocal(ts);
        return switch (p) {
            case "year", "years" -> t.getYear();
            case "quarter" -> (t.getMonthValue() - 1) / 3 + 1;
            case "month", "months" -> t.getMonthValue();
            case "week", "weeks" -> t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case "day", "days" -> t.getDayOfMonth();
            case "hour", "hours" -> t.getHour();
            case "minute", "minutes" -> t.getMinute();
            case "second", "seconds" -> t.getSecond();
            case "millisecond", "milliseconds" -> t.getSecond() * 1000L + t.getNano() / 1_000_000;
            case "microsecond", "microseconds" -> t.getSecond() * 1_000_000L + t.getNano() / 1000;
            case "nanosecond", "nanoseconds" -> t.getSecond() * NANOS + t.getNano();
            case "dow" -> t.getDayOfWeek().getValue() % 7;
            case "doy" -> t.getDayOfYear();
            default -> throw new IllegalArgumentException("date_part: unsupported part '" + p + "'; valid: year,"
                    + " quarter, month, week, day, hour, minute, second, millisecond, microsecond, nanosecond, dow,"
                    + " doy, epoch");
        };
    }

    // ---- conversions ----------------------------------------------------------------------------

    public static long to_timestamp(String s) {
        return Sql.parseTimestamp(s);
    }

    /** Seconds since the epoch. */
    public static long to_timestamp(long seconds) {
        return Math.multiplyExact(seconds, NANOS);
    }

    public static long to_timestamp(double seconds) {
        return Math.round(seconds * NANOS);
    }

    /** Tries each chrono format in turn; an error when none matches. */
    public static long to_timestamp(String s, String[] formats) {
        return parseWith(s, formats, "to_timestamp");
    }

    public static long to_timestamp_seconds(String s) {
        return truncate(Sql.parseTimestamp(s), NANOS);
    }

    public static long to_timestamp_seconds(long v) {
        return Math.multiplyExact(v, NANOS);
    }

    public static long to_timestamp_seconds(String s, String[] formats) {
        return truncate(parseWith(s, formats, "to_timestamp_seconds"), NANOS);
    }

    public static long to_timestamp_millis(String s) {
        return truncate(Sql.parseTimestamp(s), 1_000_000L);
    }

    public static long to_timestamp_millis(long v) {
        return Math.multiplyExact(v, 1_000_000L);
    }

    public static long to_timestamp_millis(String s, String[] formats) {
        return truncate(parseWith(s, formats, "to_timestamp_millis"), 1_000_000L);
    }

    public static long to_timestamp_micros(String s) {
        return truncate(Sql.parseTimestamp(s), 1000L);
    }

    public static long to_timestamp_micros(long v) {
        return Math.multiplyExact(v, 1000L);
    }

    public static long to_timestamp_micros(String s, String[] formats) {
        return truncate(parseWith(s, formats, "to_timestamp_micros"), 1000L);
    }

    public static long to_timestamp_nanos(String s) {
        return Sql.parseTimestamp(s);
    }

    public static long to_timestamp_nanos(long v) {
        return v;
    }

    public static long to_timestamp_nanos(String s, String[] formats) {
        return parseWith(s, formats, "to_timestamp_nanos");
    }

    /** Seconds since the epoch, rounded down. */
    public static long to_unixtime(String s) {
        return Math.floorDiv(Sql.parseTimestamp(s), NANOS);
    }

    public static long to_unixtime(String s, String[] formats) {
        return Math.floorDiv(parseWith(s, formats, "to_unixtime"), NANOS);
    }

    public static long from_unixtime(long seconds) {
        return Math.multiplyExact(seconds, NANOS);
    }

    public static int to_date(String s) {
        return (int) Math.floorDiv(Sql.parseTimestamp(s), DAY);
    }

    /** Days since the epoch. */
    public static int to_date(long days) {
        return Math.toIntExact(days);
    }

    public static int to_date(String s, String[] formats) {
        return (int) Math.floorDiv(parseWith(s, formats, "to_date"), DAY);
    }

    public static int make_date(long year, long month, long day) {
        try {
            return (int) LocalDate.of(Math.toIntExact(year), (int) month, (int) day).toEpochDay();
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("make_date: invalid date " + year + "-" + month + "-" + day);
        }
    }

    /** A naive timestamp already is local time. */
    public static long to_local_time(long ts) {
        return ts;
    }

    public static String to_char(long ts, String format) {
        return format(toLocal(ts), format);
    }

    public static String date_format(long ts, String format) {
        return to_char(ts, format);
    }

    // ---- chrono formats -------------------------------------------------------------------------

    static String format(LocalDateTime t, String f) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c != '%' || i + 1 == f.length()) {
                b.append(c);
                continue;
            }
            char d = f.charAt(++i);
            int digits = -1;
            if (d == '.' && i + 1 < f.length()) {
                // %.f, %.3f, %.6f, %.9f
                char n = f.charAt(++i);
                if (n == 'f') {
                    digits = 0;
                } else if (Character.isDigit(n) && i + 1 < f.length() && f.charAt(i + 1) == 'f') {
                    digits = n - '0';
                    i++;
                } else {
                    throw badFormat(f);
                }
                int nano = t.getNano();
                if (digits == 0) {
                    if (nano == 0) {
                        continue;
                    }
                    digits = nano % 1_000_000 == 0 ? 3 : nano % 1000 == 0 ? 6 : 9;
                }
                b.append('.').append(Integer.toString(nano + 1_000_000_000).substring(1, 1 + digits));
                continue;
            }
            switch (d) {
                case 'Y' -> b.append(t.getYear());
                case 'C' -> pad(b, t.getYear() / 100, 2);
                case 'y' -> pad(b, Math.floorMod(t.getYear(), 100), 2);
                case 'm' -> pad(b, t.getMonthValue(), 2);
                case 'b', 'h' -> b.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'B' -> b.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'd' -> pad(b, t.getDayOfMonth(), 2);
                case 'e' -> b.append(t.getDayOfMonth() < 10 ? " " : "").append(t.getDayOfMonth());
                case 'a' -> b.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'A' -> b.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'w' -> b.append(t.getDayOfWeek().getValue() % 7);
                case 'u' -> b.append(t.getDayOfWeek().getValue());
                case 'j' -> pad(b, t.getDayOfYear(), 3);
                case 'H' -> pad(b, t.getHour(), 2);
                case 'k' -> b.append(t.getHour() < 10 ? " " : "").append(t.getHour());
                case 'I' -> pad(b, (t.getHour() + 11) % 12 + 1, 2);
                case 'l' -> b.append((t.getHour() + 11) % 12 + 1 < 10 ? " " : "").append((t.getHour() + 11) % 12 + 1);
                case 'P' -> b.append(t.getHour() < 12 ? "am" : "pm");
                case 'p' -> b.append(t.getHour() < 12 ? "AM" : "PM");
                case 'M' -> pad(b, t.getMinute(), 2);
                case 'S' -> pad(b, t.getSecond(), 2);
                case 'f' -> pad(b, t.getNano(), 9);
                case 's' -> b.append(t.toEpochSecond(ZoneOffset.UTC));
                case 'F' -> b.append(format(t, "%Y-%m-%d"));
                case 'D', 'x' -> b.append(format(t, "%m/%d/%y"));
                case 'T', 'X' -> b.append(format(t, "%H:%M:%S"));
                case 'R' -> b.append(format(t, "%H:%M"));
                case 'z' -> b.append("+0000");
                case 'Z' -> b.append("UTC");
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case '%' -> b.append('%');
                default -> throw badFormat(f);
            }
        }
        return b.toString();
    }

    private static void pad(StringBuilder b, long v, int width) {
        String s = Long.toString(v);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        b.append(s);
    }

    private static IllegalArgumentException badFormat(String f) {
        return new IllegalArgumentException("invalid or unsupported format string '" + f + "'");
    }

    private static long parseWith(String s, String[] formats, String fn) {
        for (String f : formats) {
            try {
                return parse(s, f);
            } catch (RuntimeException e) {
                // the next format may match (or this one was not a format chrono knows)
            }
        }
        throw new IllegalArgumentException(fn + ": '" + s + "' matches none of the formats "
                + String.join(", ", formats));
    }

    static long parse(String s, String format) {
        if (format.equals("%+")) {
            return Sql.parseTimestamp(s);
        }
        if (format.equals("%c")) {
            format = "%a %b %e %H:%M:%S %Y";
        }
        DateTimeFormatter f = PARSERS.computeIfAbsent(format, TimeFunctions::parser);
        TemporalAccessor a = f.parse(s);
        if (a.isSupported(ChronoField.INSTANT_SECONDS) && !a.isSupported(ChronoField.YEAR)) {
            return a.getLong(ChronoField.INSTANT_SECONDS) * NANOS;
        }
        LocalDate date = LocalDate.of((int) a.getLong(ChronoField.YEAR),
                a.isSupported(ChronoField.MONTH_OF_YEAR) ? (int) a.getLong(ChronoField.MONTH_OF_YEAR) : 1,
                a.isSupported(ChronoField.DAY_OF_MONTH) ? (int) a.getLong(ChronoField.DAY_OF_MONTH) : 1);
        if (a.isSupported(ChronoField.DAY_OF_YEAR) && !a.isSupported(ChronoField.MONTH_OF_YEAR)) {
            date = date.withDayOfYear((int) a.getLong(ChronoField.DAY_OF_YEAR));
        }
        long nanos = 0;
        if (a.isSupported(ChronoField.HOUR_OF_DAY)) {
            nanos += a.getLong(ChronoField.HOUR_OF_DAY) * 3600 * NANOS;
        } else if (a.isSupported(ChronoField.HOUR_OF_AMPM)) {
            nanos += (a.getLong(ChronoField.HOUR_OF_AMPM) + 12 * a.getLong(ChronoField.AMPM_OF_DAY)) * 3600 * NANOS;
        }
        if (a.isSupported(ChronoField.MINUTE_OF_HOUR)) {
            nanos += a.getLong(ChronoField.MINUTE_OF_HOUR) * 60 * NANOS;
        }
        if (a.isSupported(ChronoField.SECOND_OF_MINUTE)) {
            nanos += a.getLong(ChronoField.SECOND_OF_MINUTE) * NANOS;
        }
        if (a.isSupported(ChronoField.NANO_OF_SECOND)) {
            nanos += a.getLong(ChronoField.NANO_OF_SECOND);
        }
        long ts = date.toEpochDay() * DAY + nanos;
        if (a.isSupported(ChronoField.OFFSET_SECONDS)) {
            ts -= a.getLong(ChronoField.OFFSET_SECONDS) * NANOS;
        }
        return ts;
    }

    /** A java.time parser for a chrono format string. */
    private static DateTimeFormatter parser(String f) {
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder().parseCaseInsensitive();
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c != '%' || i + 1 == f.length()) {
                b.appendLiteral(c);
                continue;
            }
            char d = f.charAt(++i);
            if (d == '.' || d == '3' || d == '6' || d == '9') {
                // %.f %.3f %3f …: an optional fraction
                while (i + 1 < f.length() && f.charAt(i) != 'f') {
                    i++;
                }
                b.appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, d == '.');
                continue;
            }
            switch (d) {
                case 'Y' -> b.appendValue(ChronoField.YEAR, 4, 9, java.time.format.SignStyle.NORMAL);
                case 'y' -> b.appendValueReduced(ChronoField.YEAR, 2, 2, 1970);
                case 'm' -> b.appendValue(ChronoField.MONTH_OF_YEAR, 1, 2, java.time.format.SignStyle.NOT_NEGATIVE);
                case 'b', 'h' -> b.appendText(ChronoField.MONTH_OF_YEAR, TextStyle.SHORT);
                case 'B' -> b.appendText(ChronoField.MONTH_OF_YEAR, TextStyle.FULL);
                case 'd', 'e' -> b.appendValue(ChronoField.DAY_OF_MONTH, 1, 2, java.time.format.SignStyle.NOT_NEGATIVE);
                case 'a' -> b.appendText(ChronoField.DAY_OF_WEEK, TextStyle.SHORT);
                case 'A' -> b.appendText(ChronoField.DAY_OF_WEEK, TextStyle.FULL);
                case 'j' -> b.appendValue(ChronoField.DAY_OF_YEAR, 1, 3, java.time.format.SignStyle.NOT_NEGATIVE);
                case 'H', 'k' -> b.appendValue(ChronoField.HOUR_OF_DAY, 1, 2, java.time.format.SignStyle.NOT_NEGATIVE);
                case 'I', 'l' -> b.appendValue(ChronoField.CLOCK_HOUR_OF_AMPM, 1, 2,
                        java.time.format.SignStyle.NOT_NEGATIVE);
                case 'p', 'P' -> b.appendText(ChronoField.AMPM_OF_DAY, Map.of(0L, "AM", 1L, "PM"));
                case 'M' -> b.appendValue(ChronoField.MINUTE_OF_HOUR, 1, 2, java.time.format.SignStyle.NOT_NEGATIVE);
                case 'S' -> b.appendValue(ChronoField.SECOND_OF_MINUTE, 1, 2, java.time.format.SignStyle.NOT_NEGATIVE);
                case 'f' -> b.appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, false);
                case 's' -> b.appendValue(ChronoField.INSTANT_SECONDS);
                case 'F' -> b.appendPattern("uuuu-MM-dd");
                case 'D', 'x' -> b.appendPattern("MM/dd/uu");
                case 'T', 'X' -> b.appendPattern("HH:mm:ss");
                case 'R' -> b.appendPattern("HH:mm");
                case 'z' -> b.appendOffset("+HHMM", "+0000");
                case ':' -> {
                    if (i + 1 < f.length() && f.charAt(i + 1) == 'z') {
                        i++;
                    }
                    b.appendOffset("+HH:MM", "Z");
                }
                case 'Z' -> b.appendZoneOrOffsetId();
                case '%' -> b.appendLiteral('%');
                default -> throw badFormat(f);
            }
        }
        return b.toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
    }

    private static long truncate(long ts, long unit) {
        return Math.floorDiv(ts, unit) * unit;
    }

    private static LocalDateTime toLocal(long ts) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(ts, NANOS), (int) Math.floorMod(ts, NANOS), ZoneOffset.UTC);
    }

    private static long toNanos(LocalDateTime t) {
        return t.toEpochSecond(ZoneOffset.UTC) * NANOS + t.getNano();
    }

}
