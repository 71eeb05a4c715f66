package org.wadi.connector.filesystem.internal;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A strftime pattern in the dialect Arroyo's {@code partitioning.time_pattern} uses (chrono's, as
 * DataFusion's {@code to_char} formats it), applied to an event time in UTC. Supported:
 * {@code %Y %C %y %m %b %h %B %d %e %a %A %w %u %U %W %G %g %V %j %D %x %F %v %H %k %I %l %P %p
 * %M %S %f %.f %.3f %.6f %.9f %3f %6f %9f %R %T %X %r %c %+ %s %Z %z %:z %t %n %%}, with the
 * padding modifiers {@code -} (none), {@code _} (spaces) and {@code 0} (zeros) on numbers.
 * Anything else is refused when the pattern is compiled, so a bad pattern fails the table
 * definition instead of the running job.
 */
final class TimePattern {

    private final String pattern;
    private final List<Item> items;

    private TimePattern(String pattern, List<Item> items) {
        this.pattern = pattern;
        this.items = items;
    }

    /**
     * Compiles a pattern.
     *
     * @throws IllegalArgumentException naming the unsupported specifier
     */
    static TimePattern compile(String pattern) {
        List<Item> items = new ArrayList<>();
        compileInto(pattern, items);
        return new TimePattern(pattern, List.copyOf(items));
    }

    String pattern() {
        return pattern;
    }

    /** Formats an event time given in nanoseconds since the epoch (UTC). */
    String format(long epochNanos) {
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(32);
        for (Item item : items) {
            item.append(t, seconds, out);
        }
        return out.toString();
    }

    private interface Item {
        void append(LocalDateTime t, long epochSeconds, StringBuilder out);
    }

    private enum Pad { DEFAULT, NONE, SPACE, ZERO }

    private static void compileInto(String p, List<Item> items) {
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c != '%') {
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 >= p.length()) {
                throw new IllegalArgumentException("the pattern ends with a lone '%'");
            }
            int start = i;
            i++;
            Pad pad = Pad.DEFAULT;
            switch (p.charAt(i)) {
                case '-' -> pad = Pad.NONE;
                case '_' -> pad = Pad.SPACE;
                case '0' -> pad = Pad.ZERO;
                default -> { }
            }
            if (pad != Pad.DEFAULT) {
                i++;
            }
            String spec = specifierAt(p, i);
            if (spec == null) {
                throw new IllegalArgumentException("unsupported specifier '" + p.substring(start, Math.min(p.length(),
                        i + 1)) + "'");
            }
            i += spec.length();
            if (spec.equals("%") || spec.equals("t") || spec.equals("n")) {
                literal.append(spec.equals("%") ? "%" : spec.equals("t") ? "\t" : "\n");
                continue;
            }
            if (literal.length() > 0) {
                String text = literal.toString();
                items.add((t, s, out) -> out.append(text));
                literal.setLength(0);
            }
            addSpecifier(spec, pad, items);
        }
        if (literal.length() > 0) {
            String text = literal.toString();
            items.add((t, s, out) -> out.append(text));
        }
    }

    private static final String[] MULTI = {".3f", ".6f", ".9f", ".f", "3f", "6f", "9f", ":z"};
    private static final String SINGLE = "YCymbhBdeaAwuUWGgVjDxFvHkIlPpMSfRTXrc+sZztn%";

    private static String specifierAt(String p, int i) {
        if (i >= p.length()) {
            return null;
        }
        for (String m : MULTI) {
            if (p.startsWith(m, i)) {
                return m;
            }
        }
        return SINGLE.indexOf(p.charAt(i)) >= 0 ? String.valueOf(p.charAt(i)) : null;
    }

    private static void addSpecifier(String spec, Pad pad, List<Item> items) {
        switch (spec) {
            case "Y" -> items.add(number(pad, '0', 4, t -> t.getYear()));
            case "C" -> items.add(number(pad, '0', 2, t -> Math.floorDiv(t.getYear(), 100)));
            case "y" -> items.add(number(pad, '0', 2, t -> Math.floorMod(t.getYear(), 100)));
            case "m" -> items.add(number(pad, '0', 2, LocalDateTime::getMonthValue));
            case "b", "h" -> items.add((t, s, out) -> out.append(t.getMonth().getDisplayName(TextStyle.SHORT,
                    Locale.ENGLISH)));
            case "B" -> items.add((t, s, out) -> out.append(t.getMonth().getDisplayName(TextStyle.FULL,
                    Locale.ENGLISH)));
            case "d" -> items.add(number(pad, '0', 2, LocalDateTime::getDayOfMonth));
            case "e" -> items.add(number(pad, ' ', 2, LocalDateTime::getDayOfMonth));
            case "a" -> items.add((t, s, out) -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT,
                    Locale.ENGLISH)));
            case "A" -> items.add((t, s, out) -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL,
                    Locale.ENGLISH)));
            case "w" -> items.add(number(pad, '0', 1, t -> t.getDayOfWeek().getValue() % 7));
            case "u" -> items.add(number(pad, '0', 1, t -> t.getDayOfWeek().getValue()));
            // weeks of the year as C's strftime counts them: days before the first Sunday (Monday) are week 0
            case "U" -> items.add(number(pad, '0', 2,
                    t -> (t.getDayOfYear() - 1 + 7 - t.getDayOfWeek().getValue() % 7) / 7));
            case "W" -> items.add(number(pad, '0', 2,
                    t -> (t.getDayOfYear() - 1 + 7 - (t.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue()))
                            / 7));
            case "G" -> items.add(number(pad, '0', 4, t -> t.get(IsoFields.WEEK_BASED_YEAR)));
            case "g" -> items.add(number(pad, '0', 2, t -> Math.floorMod(t.get(IsoFields.WEEK_BASED_YEAR), 100)));
            case "V" -> items.add(number(pad, '0', 2, t -> t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
            case "j" -> items.add(number(pad, '0', 3, LocalDateTime::getDayOfYear));
            case "D", "x" -> compileInto("%m/%d/%y", items);
            case "F" -> compileInto("%Y-%m-%d", items);
            case "v" -> compileInto("%e-%b-%Y", items);
            case "H" -> items.add(number(pad, '0', 2, LocalDateTime::getHour));
            case "k" -> items.add(number(pad, ' ', 2, LocalDateTime::getHour));
            case "I" -> items.add(number(pad, '0', 2, t -> (t.getHour() + 11) % 12 + 1));
            case "l" -> items.add(number(pad, ' ', 2, t -> (t.getHour() + 11) % 12 + 1));
            case "P" -> items.add((t, s, out) -> out.append(t.getHour() < 12 ? "am" : "pm"));
            case "p" -> items.add((t, s, out) -> out.append(t.getHour() < 12 ? "AM" : "PM"));
            case "M" -> items.add(number(pad, '0', 2, LocalDateTime::getMinute));
            case "S" -> items.add(number(pad, '0', 2, LocalDateTime::getSecond));
            case "f" -> items.add(fraction(9, false));
            case ".f" -> items.add(autoFraction());
            case ".3f" -> items.add(fraction(3, true));
            case ".6f" -> items.add(fraction(6, true));
            case ".9f" -> items.add(fraction(9, true));
            case "3f" -> items.add(fraction(3, false));
            case "6f" -> items.add(fraction(6, false));
            case "9f" -> items.add(fraction(9, false));
            case "R" -> compileInto("%H:%M", items);
            case "T", "X" -> compileInto("%H:%M:%S", items);
            case "r" -> compileInto("%I:%M:%S %p", items);
            case "c" -> compileInto("%a %b %e %H:%M:%S %Y", items);
            case "+" -> compileInto("%Y-%m-%dT%H:%M:%S%.f+00:00", items);
            case "s" -> items.add((t, s, out) -> out.append(s));
            case "Z" -> items.add((t, s, out) -> out.append("UTC"));
            case "z" -> items.add((t, s, out) -> out.append("+0000"));
            case ":z" -> items.add((t, s, out) -> out.append("+00:00"));
            default -> throw new IllegalArgumentException("unsupported specifier '%" + spec + "'");
        }
    }

    private interface Field {
        int of(LocalDateTime t);
    }

    private static Item number(Pad pad, char defaultFill, int width, Field field) {
        return (t, s, out) -> {
            int v = field.of(t);
            String digits = Integer.toString(Math.abs(v));
            if (v < 0) {
                out.append('-');
            }
            char fill = switch (pad) {
                case NONE -> 0;
                case SPACE -> ' ';
                case ZERO -> '0';
                case DEFAULT -> defaultFill;
            };
            if (fill != 0) {
                for (int i = digits.length(); i < width; i++) {
                    out.append(fill);
                }
            }
            out.append(digits);
        };
    }

    private static Item fraction(int digits, boolean dot) {
        return (t, s, out) -> {
            if (dot) {
                out.append('.');
            }
            String nine = String.format(Locale.ROOT, "%09d", t.getNano());
            out.append(nine, 0, digits);
        };
    }

    /** chrono's {@code %.f}: nothing for whole seconds, else a dot and 3, 6 or 9 digits as needed. */
    private static Item autoFraction() {
        return (t, s, out) -> {
            int n = t.getNano();
            if (n == 0) {
                return;
            }
            String nine = String.format(Locale.ROOT, "%09d", n);
            int digits = n % 1_000_000 == 0 ? 3 : n % 1_000 == 0 ? 6 : 9;
            out.append('.').append(nine, 0, digits);
        };
    }
}
