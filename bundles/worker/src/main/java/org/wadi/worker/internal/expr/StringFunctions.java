package org.wadi.worker.internal.expr;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * DataFusion's string functions, with DataFusion's semantics. Methods are named as the SQL
 * functions so that {@link FunctionLibrary} finds them by name; positions and lengths count
 * characters (Unicode code points), as DataFusion does.
 */
public final class StringFunctions {

    private StringFunctions() {
    }

    public static int ascii(String s) {
        return s.isEmpty() ? 0 : s.codePointAt(0);
    }

    public static int bit_length(String s) {
        return octet_length(s) * 8;
    }

    public static int bit_length(byte[] b) {
        return b.length * 8;
    }

    public static int octet_length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    public static int octet_length(byte[] b) {
        return b.length;
    }

    /** Without characters: spaces only, as DataFusion. */
    public static String btrim(String s) {
        return btrim(s, " ");
    }

    public static String btrim(String s, String chars) {
        return rtrim(ltrim(s, chars), chars);
    }

    public static String ltrim(String s) {
        return ltrim(s, " ");
    }

    public static String ltrim(String s, String chars) {
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (chars.indexOf(cp) < 0) {
                break;
            }
            i += Character.charCount(cp);
        }
        return s.substring(i);
    }

    public static String rtrim(String s) {
        return rtrim(s, " ");
    }

    public static String rtrim(String s, String chars) {
        int end = s.length();
        while (end > 0) {
            int cp = s.codePointBefore(end);
            if (chars.indexOf(cp) < 0) {
                break;
            }
            end -= Character.charCount(cp);
        }
        return s.substring(0, end);
    }

    /** SQL {@code TRIM([BOTH|LEADING|TRAILING] chars FROM s)} as the planner passes it: flag, characters, string. */
    public static String trim(String flag, String chars, String s) {
        return switch (flag) {
            case "LEADING" -> ltrim(s, chars);
            case "TRAILING" -> rtrim(s, chars);
            default -> btrim(s, chars);
        };
    }

    public static String trim(String s) {
        return btrim(s);
    }

    public static String chr(long code) {
        if (code == 0) {
            throw new IllegalArgumentException("chr: null character not permitted");
        }
        if (code < 0 || code > Character.MAX_CODE_POINT || (code >= 0xD800 && code <= 0xDFFF)) {
            throw new IllegalArgumentException("chr: requested character " + code + " is not a valid code point");
        }
        return new String(Character.toChars((int) code));
    }

    /** NULL separator gives NULL; NULL arguments are skipped. */
    @NullSafe
    public static String concat_ws(String sep, String[] args) {
        if (sep == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        boolean first = true;
        for (String a : args) {
            if (a == null) {
                continue;
            }
            if (!first) {
                b.append(sep);
            }
            b.append(a);
            first = false;
        }
        return b.toString();
    }

    public static boolean contains(String s, String search) {
        return s.contains(search);
    }

    public static boolean starts_with(String s, String prefix) {
        return s.startsWith(prefix);
    }

    public static boolean ends_with(String s, String suffix) {
        return s.endsWith(suffix);
    }

    /** 1-based position of {@code s} in the comma-separated {@code list}, 0 if absent. */
    public static int find_in_set(String s, String list) {
        String[] items = list.split(",", -1);
        for (int i = 0; i < items.length; i++) {
            if (items[i].equals(s)) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Upper-cases the first letter of each alphanumeric word, lower-cases the rest. */
    public static String initcap(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean wordStart = true;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            b.appendCodePoint(wordStart ? Character.toUpperCase(cp) : Character.toLowerCase(cp));
            wordStart = !Character.isLetterOrDigit(cp);
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    /** 1-based character position of {@code sub} in {@code s}, 0 if absent. */
    public static int strpos(String s, String sub) {
        int i = s.indexOf(sub);
        return i < 0 ? 0 : s.codePointCount(0, i) + 1;
    }

    /** SQL {@code POSITION(sub IN s)}: the operands in that order. */
    public static int position(String sub, String s) {
        return strpos(s, sub);
    }

    public static String left(String s, long n) {
        int len = s.codePointCount(0, s.length());
        long keep = n < 0 ? Math.max(0, len + n) : Math.min(n, len);
        return s.substring(0, s.offsetByCodePoints(0, (int) keep));
    }

    public static String right(String s, long n) {
        int len = s.codePointCount(0, s.length());
        long keep = n < 0 ? Math.max(0, len + n) : Math.min(n, len);
        return s.substring(s.offsetByCodePoints(0, (int) (len - keep)));
    }

    public static int levenshtein(String a, String b) {
        int[] ca = a.codePoints().toArray();
        int[] cb = b.codePoints().toArray();
        int[] prev = new int[cb.length + 1];
        int[] cur = new int[cb.length + 1];
        for (int j = 0; j <= cb.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= ca.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= cb.length; j++) {
                int cost = ca[i - 1] == cb[j - 1] ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[cb.length];
    }

    public static String lpad(String s, long n) {
        return lpad(s, n, " ");
    }

    public static String lpad(String s, long n, String fill) {
        return pad(s, n, fill, true);
    }

    public static String rpad(String s, long n) {
        return rpad(s, n, " ");
    }

    public static String rpad(String s, long n, String fill) {
        return pad(s, n, fill, false);
    }

    private static String pad(String s, long n, String fill, boolean left) {
        if (n <= 0) {
            return "";
        }
        if (n > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException((left ? "lpad" : "rpad") + ": requested length " + n + " too large");
        }
        int len = s.codePointCount(0, s.length());
        if (n <= len) {
            return s.substring(0, s.offsetByCodePoints(0, (int) n));
        }
        if (fill.isEmpty()) {
            return s;
        }
        int[] f = fill.codePoints().toArray();
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < n - len; i++) {
            p.appendCodePoint(f[i % f.length]);
        }
        return left ? p + s : s + p;
    }

    /** SQL {@code OVERLAY(s PLACING sub FROM pos [FOR count])}; {@code count} defaults to the length of {@code sub}. */
    public static String overlay(String s, String sub, long pos) {
        return overlay(s, sub, pos, sub.codePointCount(0, sub.length()));
    }

    public static String overlay(String s, String sub, long pos, long count) {
        int[] cs = s.codePoints().toArray();
        long start = Math.max(1, pos) - 1;
        long end = Math.max(start, pos - 1 + count);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(start, cs.length); i++) {
            b.appendCodePoint(cs[i]);
        }
        b.append(sub);
        for (long i = end; i < cs.length; i++) {
            b.appendCodePoint(cs[(int) i]);
        }
        return b.toString();
    }

    public static String repeat(String s, long n) {
        if (n <= 0) {
            return "";
        }
        if ((long) s.length() * n > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("repeat: result of " + n + " repetitions is too large");
        }
        return s.repeat((int) n);
    }

    public static String replace(String s, String from, String to) {
        return s.replace(from, to);
    }

    public static String reverse(String s) {
        return new StringBuilder(s).reverse().toString();
    }

    /** The n-th (1-based; negative counts from the end) part of {@code s} split on {@code delim}. */
    public static String split_part(String s, String delim, long n) {
        if (n == 0) {
            throw new IllegalArgumentException("split_part: field position must not be zero");
        }
        String[] parts = delim.isEmpty() ? new String[] {s} : s.split(java.util.regex.Pattern.quote(delim), -1);
        long i = n > 0 ? n - 1 : parts.length + n;
        return i < 0 || i >= parts.length ? "" : parts[(int) i];
    }

    public static String substr(String s, long start) {
        return Sql.substring(s, start);
    }

    public static String substr(String s, long start, long len) {
        return Sql.substring(s, start, len);
    }

    /**
     * Before the {@code count}-th occurrence of {@code delim} (counting from the left), or for a
     * negative count after the |count|-th occurrence counting from the right.
     */
    public static String substr_index(String s, String delim, long count) {
        if (count == 0 || delim.isEmpty() || s.isEmpty()) {
            return "";
        }
        if (count > 0) {
            int at = -1;
            for (long k = 0; k < count; k++) {
                at = s.indexOf(delim, at + (k == 0 ? 1 : delim.length()));
                if (at < 0) {
                    return s;
                }
            }
            return s.substring(0, at);
        }
        int at = s.length();
        for (long k = 0; k < -count; k++) {
            at = s.lastIndexOf(delim, at - (k == 0 ? delim.length() : 1));
            if (at < 0) {
                return s;
            }
            if (k + 1 < -count && at == 0) {
                return s;
            }
        }
        return s.substring(at + delim.length());
    }

    /** Maps each character of {@code from} to the one at the same place in {@code to}; without one, removes it. */
    public static String translate(String s, String from, String to) {
        int[] f = from.codePoints().toArray();
        int[] t = to.codePoints().toArray();
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            int i = -1;
            for (int k = 0; k < f.length; k++) {
                if (f[k] == cp) {
                    i = k;
                    break;
                }
            }
            if (i < 0) {
                b.appendCodePoint(cp);
            } else if (i < t.length) {
                b.appendCodePoint(t[i]);
            }
        });
        return b.toString();
    }

    public static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    public static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    @NullSafe
    public static String uuid() {
        return UUID.randomUUID().toString();
    }

    /** Lower-case hexadecimal; negative numbers as their 64-bit two's complement, as DataFusion. */
    public static String to_hex(long v) {
        return Long.toHexString(v);
    }
}
