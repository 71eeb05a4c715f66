package org.wadi.worker.internal.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * DataFusion's regular-expression functions on {@link java.util.regex}. Patterns are compiled once
 * per distinct pattern and flags. Flags as DataFusion's: {@code i} case-insensitive, {@code m}
 * multi-line, {@code s} dot matches new line, {@code x} verbose; {@code regexp_replace} also takes
 * {@code g} (every match).
 */
public final class RegexFunctions {

    private static final int CACHE_LIMIT = 1000;
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private RegexFunctions() {
    }

    public static boolean regexp_like(String s, String pattern) {
        return regexp_like(s, pattern, "");
    }

    public static boolean regexp_like(String s, String pattern, String flags) {
        return pattern(pattern, flags, "regexp_like").matcher(s).find();
    }

    /** The first match's capture groups (or the whole match without groups); NULL without a match. */
    public static List<String> regexp_match(String s, String pattern) {
        return regexp_match(s, pattern, "");
    }

    public static List<String> regexp_match(String s, String pattern, String flags) {
        Matcher m = pattern(pattern, flags, "regexp_match").matcher(s);
        if (!m.find()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (m.groupCount() == 0) {
            out.add(m.group());
        } else {
            for (int g = 1; g <= m.groupCount(); g++) {
                out.add(m.group(g));
            }
        }
        return out;
    }

    public static String regexp_replace(String s, String pattern, String replacement) {
        return regexp_replace(s, pattern, replacement, "");
    }

    /** The first match is replaced, every match with flag {@code g}; {@code \1} and {@code ${1}} name groups. */
    public static String regexp_replace(String s, String pattern, String replacement, String flags) {
        boolean global = flags.indexOf('g') >= 0;
        Matcher m = pattern(pattern, flags.replace("g", ""), "regexp_replace").matcher(s);
        String r = replacement(replacement);
        return global ? m.replaceAll(r) : m.replaceFirst(r);
    }

    public static long regexp_count(String s, String pattern) {
        return regexp_count(s, pattern, 1, "");
    }

    public static long regexp_count(String s, String pattern, long start) {
        return regexp_count(s, pattern, start, "");
    }

    /** Matches from the 1-based character position {@code start} on. */
    public static long regexp_count(String s, String pattern, long start, String flags) {
        Matcher m = pattern(pattern, flags, "regexp_count").matcher(s);
        int from = from(s, start, "regexp_count");
        long n = 0;
        if (from > s.length()) {
            return 0;
        }
        m.region(from, s.length());
        while (m.find()) {
            n++;
        }
        return n;
    }

    public static long regexp_instr(String s, String pattern) {
        return regexp_instr(s, pattern, 1, 1, "", 0);
    }

    public static long regexp_instr(String s, String pattern, long start) {
        return regexp_instr(s, pattern, start, 1, "", 0);
    }

    public static long regexp_instr(String s, String pattern, long start, long n) {
        return regexp_instr(s, pattern, start, n, "", 0);
    }

    public static long regexp_instr(String s, String pattern, long start, long n, String flags) {
        return regexp_instr(s, pattern, start, n, flags, 0);
    }

    /** The 1-based character position of the n-th match (or of its capture group), 0 if none. */
    public static long regexp_instr(String s, String pattern, long start, long n, String flags, long group) {
        Matcher m = pattern(pattern, flags, "regexp_instr").matcher(s);
        int from = from(s, start, "regexp_instr");
        if (from > s.length() || n < 1) {
            return 0;
        }
        m.region(from, s.length());
        for (long k = 0; k < n; k++) {
            if (!m.find()) {
                return 0;
            }
        }
        int at = group == 0 ? m.start() : m.start((int) group);
        return at < 0 ? 0 : s.codePointCount(0, at) + 1;
    }

    private static int from(String s, long start, String fn) {
        if (start < 1) {
            throw new IllegalArgumentException(fn + ": the start position must be at least 1, was " + start);
        }
        int cps = s.codePointCount(0, s.length());
        return start - 1 >= cps ? s.length() + 1 : s.offsetByCodePoints(0, (int) (start - 1));
    }

    /** Rust's {@code ${1}} and DataFusion's {@code \1} group references in Java's {@code $1} form. */
    static String replacement(String r) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            if (c == '\\' && i + 1 < r.length() && Character.isDigit(r.charAt(i + 1))) {
                b.append('$').append(r.charAt(++i));
            } else if (c == '\\' && i + 1 < r.length() && r.charAt(i + 1) == '\\') {
                b.append("\\\\");
                i++;
            } else if (c == '\\') {
                b.append("\\\\");
            } else if (c == '$' && i + 1 < r.length() && r.charAt(i + 1) == '{') {
                int end = r.indexOf('}', i);
                String name = end < 0 ? "" : r.substring(i + 2, end);
                if (name.chars().allMatch(Character::isDigit) && !name.isEmpty()) {
                    b.append('$').append(name);
                } else {
                    b.append("${").append(name).append('}');
                }
                i = end < 0 ? r.length() : end;
            } else if (c == '$' && i + 1 < r.length() && r.charAt(i + 1) == '$') {
                b.append("\\$");
                i++;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static Pattern pattern(String pattern, String flags, String fn) {
        String key = flags + '\u0000' + pattern;
        Pattern p = CACHE.get(key);
        if (p != null) {
            return p;
        }
        int f = 0;
        for (char c : flags.toCharArray()) {
            f |= switch (c) {
                case 'i' -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                case 'm' -> Pattern.MULTILINE;
                case 's' -> Pattern.DOTALL;
                case 'x' -> Pattern.COMMENTS;
                default -> throw new IllegalArgumentException(fn + ": unsupported flag '" + c
                        + "'; supported: i, m, s, x" + (fn.equals("regexp_replace") ? ", g" : ""));
            };
        }
        try {
            p = Pattern.compile(pattern, f);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(fn + ": invalid regular expression '" + pattern + "': "
                    + e.getDescription());
        }
        if (CACHE.size() < CACHE_LIMIT) {
            CACHE.put(key, p);
        }
        return p;
    }
}
