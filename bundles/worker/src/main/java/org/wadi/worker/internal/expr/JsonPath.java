package org.wadi.worker.internal.expr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The part of JSONPath (RFC 9535) that Arroyo's JSON functions are used with: the root {@code $},
 * member names ({@code .a}, {@code ['a']}, {@code ['a','b']}), wildcards ({@code .*}, {@code [*]}),
 * array indexes (negative from the end), slices ({@code [1:3]}, {@code [::2]}) and descendants
 * ({@code ..a}, {@code ..*}). Filter expressions ({@code [?…]}) are rejected with an error naming
 * them.
 */
final class JsonPath {

    private static final int CACHE_LIMIT = 1000;
    private static final Map<String, JsonPath> CACHE = new ConcurrentHashMap<>();

    /** One step: a selector applied to each node, optionally to every descendant too. */
    private record Step(boolean descendant, List<Object> names, boolean wildcard, Slice slice) {
    }

    private record Slice(Long start, Long end, long step) {
    }

    private final List<Step> steps;

    private JsonPath(List<Step> steps) {
        this.steps = steps;
    }

    static JsonPath compile(String path) {
        JsonPath p = CACHE.get(path);
        if (p == null) {
            p = new JsonPath(new Parser(path).parse());
            if (CACHE.size() < CACHE_LIMIT) {
                CACHE.put(path, p);
            }
        }
        return p;
    }

    List<JsonNode> select(JsonNode root) {
        List<JsonNode> nodes = List.of(root);
        for (Step s : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : nodes) {
                if (s.descendant) {
                    descend(n, s, next);
                } else {
                    apply(n, s, next);
                }
            }
            nodes = next;
        }
        return nodes;
    }

    private static void descend(JsonNode n, Step s, List<JsonNode> out) {
        apply(n, s, out);
        if (n.isContainerNode()) {
            for (JsonNode child : n) {
                descend(child, s, out);
            }
        }
    }

    private static void apply(JsonNode n, Step s, List<JsonNode> out) {
        if (s.wildcard) {
            if (n.isContainerNode()) {
                n.forEach(out::add);
            }
            return;
        }
        if (s.slice != null) {
            if (!n.isArray()) {
                return;
            }
            long len = n.size();
            long step = s.slice.step;
            if (step == 0) {
                return;
            }
            if (step > 0) {
                long a = bound(s.slice.start == null ? 0 : s.slice.start, len);
                long b = bound(s.slice.end == null ? len : s.slice.end, len);
                for (long i = a; i < b; i += step) {
                    out.add(n.get((int) i));
                }
            } else {
                long a = s.slice.start == null ? len - 1 : Math.min(norm(s.slice.start, len), len - 1);
                long b = s.slice.end == null ? -1 : Math.max(norm(s.slice.end, len), -1);
                for (long i = a; i > b; i += step) {
                    out.add(n.get((int) i));
                }
            }
            return;
        }
        for (Object name : s.names) {
            if (name instanceof Long i) {
                if (n.isArray()) {
                    long at = norm(i, n.size());
                    if (at >= 0 && at < n.size()) {
                        out.add(n.get((int) at));
                    }
                }
            } else if (n.isObject() && n.has((String) name)) {
                out.add(n.get((String) name));
            }
        }
    }

    private static long norm(long i, long len) {
        return i < 0 ? len + i : i;
    }

    private static long bound(long i, long len) {
        long n = norm(i, len);
        return Math.max(0, Math.min(n, len));
    }

    /** A recursive-descent parser over the path text. */
    private static final class Parser {
        private final String p;
        private int i;

        Parser(String p) {
            this.p = p.trim();
        }

        List<Step> parse() {
            if (p.isEmpty() || p.charAt(0) != '$') {
                throw error("must start with '$'");
            }
            i = 1;
            List<Step> steps = new ArrayList<>();
            while (i < p.length()) {
                char c = p.charAt(i);
                if (c == '.') {
                    boolean desc = p.startsWith("..", i);
                    i += desc ? 2 : 1;
                    if (i < p.length() && p.charAt(i) == '[') {
                        if (!desc) {
                            throw error("'.' before '['");
                        }
                        steps.add(bracket(true));
                    } else if (i < p.length() && p.charAt(i) == '*') {
                        i++;
                        steps.add(new Step(desc, List.of(), true, null));
                    } else {
                        int start = i;
                        while (i < p.length() && (Character.isLetterOrDigit(p.charAt(i)) || p.charAt(i) == '_'
                                || p.charAt(i) == '-' || p.charAt(i) > 127)) {
                            i++;
                        }
                        if (start == i) {
                            throw error("a member name is missing at position " + start);
                        }
                        steps.add(new Step(desc, List.of(p.substring(start, i)), false, null));
                    }
                } else if (c == '[') {
                    steps.add(bracket(false));
                } else {
                    throw error("unexpected '" + c + "' at position " + i);
                }
            }
            return steps;
        }

        private Step bracket(boolean desc) {
            i++; // [
            skipSpace();
            if (i < p.length() && p.charAt(i) == '?') {
                throw error("filter expressions ([?...]) are not supported yet");
            }
            if (i < p.length() && p.charAt(i) == '*') {
                i++;
                expect(']');
                return new Step(desc, List.of(), true, null);
            }
            List<Object> names = new ArrayList<>();
            while (true) {
                skipSpace();
                if (i >= p.length()) {
                    throw error("unclosed '['");
                }
                char c = p.charAt(i);
                if (c == '\'' || c == '"') {
                    names.add(quoted(c));
                } else {
                    int start = i;
                    while (i < p.length() && "-0123456789: ".indexOf(p.charAt(i)) >= 0) {
                        i++;
                    }
                    String t = p.substring(start, i).trim();
                    if (t.contains(":")) {
                        if (!names.isEmpty()) {
                            throw error("a slice cannot be combined with other selectors");
                        }
                        String[] parts = t.split(":", -1);
                        Long a = parts[0].isBlank() ? null : parseLong(parts[0]);
                        Long b = parts.length > 1 && !parts[1].isBlank() ? parseLong(parts[1]) : null;
                        long step = parts.length > 2 && !parts[2].isBlank() ? parseLong(parts[2]) : 1;
                        expect(']');
                        return new Step(desc, List.of(), false, new Slice(a, b, step));
                    }
                    if (t.isEmpty()) {
                        throw error("unexpected '" + c + "' at position " + i);
                    }
                    names.add(parseLong(t));
                }
                skipSpace();
                if (i < p.length() && p.charAt(i) == ',') {
                    i++;
                    continue;
                }
                expect(']');
                return new Step(desc, names, false, null);
            }
        }

        private String quoted(char q) {
            StringBuilder b = new StringBuilder();
            i++;
            while (i < p.length() && p.charAt(i) != q) {
                char c = p.charAt(i++);
                if (c == '\\' && i < p.length()) {
                    c = p.charAt(i++);
                }
                b.append(c);
            }
            if (i >= p.length()) {
                throw error("unclosed quote");
            }
            i++;
            return b.toString();
        }

        private long parseLong(String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw error("'" + s.trim() + "' is not an index");
            }
        }

        private void skipSpace() {
            while (i < p.length() && p.charAt(i) == ' ') {
                i++;
            }
        }

        private void expect(char c) {
            skipSpace();
            if (i >= p.length() || p.charAt(i) != c) {
                throw error("expected '" + c + "' at position " + i);
            }
            i++;
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("Invalid json path '" + p + "': " + what);
        }
    }
}
