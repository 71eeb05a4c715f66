package org.wadi.connector.postgres.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.wadi.spi.types.DataType;

/**
 * Turns PostgreSQL's text form of a value (what {@code pgoutput} sends and what
 * {@link java.sql.ResultSet#getString} returns) into the Java value Wadi carries for a column's
 * type: numbers, {@code numeric}, text, {@code bool} ({@code t}/{@code f}), {@code timestamp} and
 * {@code timestamptz} (nanoseconds since the epoch, UTC), {@code date}, {@code time}, {@code bytea}
 * ({@code \x…} hex), {@code json}/{@code jsonb} (the text) and one-dimensional arrays of those.
 * The same decoding serves the snapshot, the change stream and lookups, so that a row reads the
 * same whichever way it came.
 */
final class PgText {

    private PgText() {
    }

    /**
     * Decodes one value.
     *
     * @param text the text form, or {@code null} for SQL NULL
     * @param type the column's type in Wadi
     * @param where names the column (and table) for error messages
     * @throws IllegalArgumentException naming the column, the value and the expected type
     */
    static Object decode(String text, DataType type, String where) {
        if (text == null) {
            return null;
        }
        try {
            return switch (type.id()) {
                case BOOLEAN -> switch (text) {
                    case "t", "true", "TRUE" -> Boolean.TRUE;
                    case "f", "false", "FALSE" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException("not a boolean");
                };
                case INT8 -> Byte.valueOf(text.trim());
                case INT16, UINT8 -> Short.valueOf(text.trim());
                case INT32, UINT16 -> Integer.valueOf(text.trim());
                case INT64, UINT32, UINT64 -> Long.valueOf(text.trim());
                case FLOAT32 -> Float.valueOf(text.trim());
                case FLOAT64 -> Double.valueOf(text.trim());
                case DECIMAL -> new BigDecimal(text.trim());
                case UTF8, JSON -> text;
                case BINARY -> binary(text);
                case TIMESTAMP -> timestampNanos(text);
                case DATE -> (int) LocalDate.parse(text.trim()).toEpochDay();
                case TIME -> LocalTime.parse(text.trim()).toNanoOfDay();
                case LIST -> array(text, type.element(), where);
                default -> throw new IllegalArgumentException("type " + type + " is not read from PostgreSQL");
            };
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
            throw new IllegalArgumentException("Cannot read value '" + shown + "' of " + where + " as " + type + ": "
                    + e.getMessage(), e);
        }
    }

    private static byte[] binary(String text) {
        if (!text.startsWith("\\x")) {
            throw new IllegalArgumentException("expected bytea in hex form (\\x…); set bytea_output = 'hex'");
        }
        return HexFormat.of().parseHex(text, 2, text.length());
    }

    /** {@code 2024-01-02 03:04:05.123456[+05:30]}, an offset only for {@code timestamptz}. */
    static long timestampNanos(String text) {
        String t = text.trim();
        if (t.endsWith(" BC") || t.equals("infinity") || t.equals("-infinity")) {
            throw new IllegalArgumentException("outside the range Wadi's timestamps hold");
        }
        int offsetAt = -1;
        for (int i = 11; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '+' || c == '-') {
                offsetAt = i;
                break;
            }
        }
        ZoneOffset offset = offsetAt < 0 ? ZoneOffset.UTC : ZoneOffset.of(t.substring(offsetAt));
        String local = (offsetAt < 0 ? t : t.substring(0, offsetAt)).replace(' ', 'T');
        var instant = LocalDateTime.parse(local).toInstant(offset);
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    /** A one-dimensional array literal such as {@code {1,2,NULL}} or {@code {"a b","c\"d"}}. */
    private static List<Object> array(String text, DataType element, String where) {
        String t = text.trim();
        if (t.length() < 2 || t.charAt(0) != '{' || t.charAt(t.length() - 1) != '}') {
            throw new IllegalArgumentException("expected an array literal {…}");
        }
        List<Object> out = new ArrayList<>();
        if (t.length() == 2) {
            return out;
        }
        StringBuilder item = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 1; i < t.length(); i++) {
            char c = t.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    item.append(t.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                } else {
                    item.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (c == '{') {
                throw new IllegalArgumentException("only one-dimensional arrays are read");
            } else if (c == ',' || i == t.length() - 1) {
                String v = item.toString();
                out.add(!wasQuoted && v.equals("NULL") ? null : decode(v, element, where));
                item.setLength(0);
                wasQuoted = false;
            } else {
                item.append(c);
            }
        }
        return out;
    }
}
