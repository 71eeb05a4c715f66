package org.wadi.worker.internal.expr;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * DataFusion's array functions (datafusion-functions-nested), on the {@link List}s rows carry for
 * arrays (see {@link FunctionLibrary}). The planner has already coerced a call's arrays and elements
 * to one element type, so elements compare by value: numbers of one Java class, text, bytes by
 * content, nested arrays and structs element by element. Positions count from 1, negative ones from
 * the end, as DataFusion's. Results are new lists; the arguments are never changed.
 */
public final class ArrayFunctions {

    /** The order of array_sort and array_distinct: NULL first, then ascending values. */
    private static final Comparator<Object> NULLS_FIRST = Comparator.nullsFirst(ArrayFunctions::compare);

    private ArrayFunctions() {
    }

    // ---- construction ---------------------------------------------------------------------------

    @NullSafe
    public static List<Object> make_array(Object[] elements) {
        return Arrays.asList(elements);
    }

    /** count copies of element; empty for a count below 1. */
    @NullSafe
    public static List<Object> array_repeat(Object element, Long count) {
        if (count == null) {
            return null;
        }
        return count < 1 ? List.of() : Collections.nCopies(Math.toIntExact(count), element);
    }

    /** [start, stop) by step. */
    public static List<Long> range(long stop) {
        return series("range", 0, stop, 1, false);
    }

    public static List<Long> range(long start, long stop) {
        return series("range", start, stop, 1, false);
    }

    public static List<Long> range(long start, long stop, long step) {
        return series("range", start, stop, step, false);
    }

    /** [start, stop] by step. */
    public static List<Long> generate_series(long stop) {
        return series("generate_series", 0, stop, 1, true);
    }

    public static List<Long> generate_series(long start, long stop) {
        return series("generate_series", start, stop, 1, true);
    }

    public static List<Long> generate_series(long start, long stop, long step) {
        return series("generate_series", start, stop, step, true);
    }

    private static List<Long> series(String name, long start, long stop, long step, boolean inclusive) {
        if (step == 0) {
            throw new IllegalArgumentException(name + ": the step must not be 0");
        }
        List<Long> out = new ArrayList<>();
        for (long v = start; step > 0 ? v < stop || inclusive && v == stop : v > stop || inclusive && v == stop;
                v += step) {
            out.add(v);
            if (step > 0 ? v > Long.MAX_VALUE - step : v < Long.MIN_VALUE - step) {
                break;
            }
        }
        return out;
    }

    /** s split at each delim; a NULL delimiter splits into characters, an empty one not at all (PostgreSQL's rule). */
    @NullSafe
    public static List<String> string_to_array(String s, String delim) {
        return string_to_array(s, delim, null);
    }

    /** As {@link #string_to_array(String, String)}, with the parts equal to nullString as NULL. */
    @NullSafe
    public static List<String> string_to_array(String s, String delim, String nullString) {
        if (s == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (s.isEmpty()) {
            return parts;
        }
        if (delim == null) {
            s.codePoints().forEach(c -> parts.add(new String(Character.toChars(c))));
        } else if (delim.isEmpty()) {
            parts.add(s);
        } else {
            int from = 0;
            for (int at = s.indexOf(delim); at >= 0; at = s.indexOf(delim, from)) {
                parts.add(s.substring(from, at));
                from = at + delim.length();
            }
            parts.add(s.substring(from));
        }
        if (nullString != null) {
            parts.replaceAll(p -> p.equals(nullString) ? null : p);
        }
        return parts;
    }

    // ---- size and shape -------------------------------------------------------------------------

    /** The length of each dimension, following the first element down. */
    public static List<Long> array_dims(List<?> a) {
        List<Long> dims = new ArrayList<>();
        Object cur = a;
        while (cur instanceof List<?> l) {
            dims.add((long) l.size());
            cur = l.isEmpty() ? null : l.get(0);
        }
        return dims;
    }

    public static long array_length(List<?> a) {
        return a.size();
    }

    /** The length of dimension dim (1 is the array itself); NULL past the last dimension. */
    public static Long array_length(List<?> a, long dim) {
        List<Long> dims = array_dims(a);
        return dim >= 1 && dim <= dims.size() ? dims.get((int) dim - 1) : null;
    }

    /** The number of elements of all dimensions: the product of {@link #array_dims}, as DataFusion's. */
    public static long cardinality(List<?> a) {
        long n = 1;
        for (long d : array_dims(a)) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public static boolean empty(List<?> a) {
        return a.isEmpty();
    }

    // ---- access ---------------------------------------------------------------------------------

    /** The element at 1-based index i (negative: from the end); NULL outside the array. */
    public static Object array_element(List<?> a, long i) {
        long at = i > 0 ? i - 1 : i < 0 ? a.size() + i : -1;
        return at >= 0 && at < a.size() ? a.get((int) at) : null;
    }

    public static Object array_any_value(List<?> a) {
        for (Object e : a) {
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    /** The greatest non-NULL element; NULL if there is none. */
    public static Object array_max(List<?> a) {
        Object max = null;
        for (Object e : a) {
            if (e != null && (max == null || compare(e, max) > 0)) {
                max = e;
            }
        }
        return max;
    }

    // ---- search ---------------------------------------------------------------------------------

    public static boolean array_has(List<?> a, Object element) {
        return indexOf(a, element, 0) >= 0;
    }

    public static boolean array_has_all(List<?> a, List<?> sub) {
        Set<Object> keys = keys(a);
        for (Object e : sub) {
            if (!keys.contains(key(e))) {
                return false;
            }
        }
        return true;
    }

    public static boolean array_has_any(List<?> a, List<?> b) {
        Set<Object> keys = keys(a);
        for (Object e : b) {
            if (keys.contains(key(e))) {
                return true;
            }
        }
        return false;
    }

    public static boolean arrays_overlap(List<?> a, List<?> b) {
        return array_has_any(a, b);
    }

    /** The 1-based position of the first element not distinct from element (NULL finds NULL); NULL if none. */
    @NullSafe
    public static Long array_position(List<?> a, Object element) {
        return array_position(a, element, 1L);
    }

    /** As {@link #array_position(List, Object)}, searching from position from. */
    @NullSafe
    public static Long array_position(List<?> a, Object element, Long from) {
        if (a == null || from == null) {
            return null;
        }
        if (from < 1 || from > a.size() + 1L) {
            throw new IllegalArgumentException("array_position: the start position " + from
                    + " is outside the array (1 to " + a.size() + ")");
        }
        int at = indexOf(a, element, (int) (from - 1));
        return at < 0 ? null : at + 1L;
    }

    /** The 1-based positions of every element equal to element. */
    public static List<Long> array_positions(List<?> a, Object element) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (same(a.get(i), element)) {
                out.add(i + 1L);
            }
        }
        return out;
    }

    // ---- adding and removing --------------------------------------------------------------------

    /** a with element at its end; a NULL array counts as empty. */
    @NullSafe
    public static List<Object> array_append(List<?> a, Object element) {
        List<Object> out = a == null ? new ArrayList<>(1) : new ArrayList<>(a);
        out.add(element);
        return out;
    }

    /** a with element at its start; a NULL array counts as empty. */
    @NullSafe
    public static List<Object> array_prepend(Object element, List<?> a) {
        List<Object> out = new ArrayList<>(a == null ? 1 : a.size() + 1);
        out.add(element);
        if (a != null) {
            out.addAll(a);
        }
        return out;
    }

    /** The arrays one after the other, NULL arrays left out; NULL if all are NULL. */
    @NullSafe
    public static List<Object> array_cat(List<?>[] arrays) {
        List<Object> out = null;
        for (List<?> a : arrays) {
            if (a != null) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.addAll(a);
            }
        }
        return out;
    }

    public static List<Object> array_pop_back(List<?> a) {
        return a.isEmpty() ? List.of() : new ArrayList<>(a.subList(0, a.size() - 1));
    }

    public static List<Object> array_pop_front(List<?> a) {
        return a.isEmpty() ? List.of() : new ArrayList<>(a.subList(1, a.size()));
    }

    public static List<Object> array_remove(List<?> a, Object element) {
        return remove(a, element, 1);
    }

    public static List<Object> array_remove_n(List<?> a, Object element, long max) {
        return remove(a, element, max);
    }

    public static List<Object> array_remove_all(List<?> a, Object element) {
        return remove(a, element, Long.MAX_VALUE);
    }

    /** Without the first max elements equal to element (NULL elements stay). */
    private static List<Object> remove(List<?> a, Object element, long max) {
        List<Object> out = new ArrayList<>(a.size());
        long removed = 0;
        for (Object e : a) {
            if (removed < max && e != null && same(e, element)) {
                removed++;
            } else {
                out.add(e);
            }
        }
        return out;
    }

    @NullSafe
    public static List<Object> array_replace(List<?> a, Object from, Object to) {
        return replace(a, from, to, 1L);
    }

    @NullSafe
    public static List<Object> array_replace_n(List<?> a, Object from, Object to, Long max) {
        return replace(a, from, to, max);
    }

    @NullSafe
    public static List<Object> array_replace_all(List<?> a, Object from, Object to) {
        return replace(a, from, to, Long.MAX_VALUE);
    }

    /** The first max elements not distinct from {@code from} replaced by {@code to}; NULL for a NULL array. */
    private static List<Object> replace(List<?> a, Object from, Object to, Long max) {
        if (a == null || max == null) {
            return null;
        }
        List<Object> out = new ArrayList<>(a.size());
        long replaced = 0;
        for (Object e : a) {
            if (replaced < max && same(e, from)) {
                out.add(to);
                replaced++;
            } else {
                out.add(e);
            }
        }
        return out;
    }

    /** size elements: a cut, or padded with NULLs. */
    @NullSafe
    public static List<Object> array_resize(List<?> a, Long size) {
        return array_resize(a, size, null);
    }

    /** size elements: a cut, or padded with value. */
    @NullSafe
    public static List<Object> array_resize(List<?> a, Long size, Object value) {
        if (a == null || size == null) {
            return null;
        }
        if (size < 0) {
            throw new IllegalArgumentException("array_resize: the size must not be negative, got " + size);
        }
        List<Object> out = new ArrayList<>(a.subList(0, (int) Math.min(size, a.size())));
        while (out.size() < size) {
            out.add(value);
        }
        return out;
    }

    // ---- reordering and slicing -----------------------------------------------------------------

    public static List<Object> array_reverse(List<?> a) {
        List<Object> out = new ArrayList<>(a);
        Collections.reverse(out);
        return out;
    }

    /** Elements begin to end (1-based, inclusive; negative: from the end). */
    public static List<Object> array_slice(List<?> a, long begin, long end) {
        return array_slice(a, begin, end, 1);
    }

    /** Every stride-th element from begin to end; a negative stride walks backwards. */
    public static List<Object> array_slice(List<?> a, long begin, long end, long stride) {
        if (stride == 0) {
            throw new IllegalArgumentException("array_slice: the stride must not be 0");
        }
        long n = a.size();
        long from = begin > 0 ? begin - 1 : begin < 0 ? n + begin : 0;
        long to = end > 0 ? end - 1 : end < 0 ? n + end : -1;
        List<Object> out = new ArrayList<>();
        if (stride > 0) {
            for (long i = Math.max(from, 0); i <= Math.min(to, n - 1); i += stride) {
                out.add(a.get((int) i));
            }
        } else {
            for (long i = Math.min(from, n - 1); i >= Math.max(to, 0); i += stride) {
                out.add(a.get((int) i));
            }
        }
        return out;
    }

    public static List<Object> array_sort(List<?> a) {
        return array_sort(a, "ASC", "NULLS FIRST");
    }

    public static List<Object> array_sort(List<?> a, String order) {
        return array_sort(a, order, "NULLS FIRST");
    }

    /** Sorted by order ('ASC' or 'DESC') with NULLs where nulls says ('NULLS FIRST' or 'NULLS LAST'). */
    public static List<Object> array_sort(List<?> a, String order, String nulls) {
        Comparator<Object> values = switch (order.trim().toUpperCase(Locale.ROOT)) {
            case "ASC" -> ArrayFunctions::compare;
            case "DESC" -> (x, y) -> compare(y, x);
            default -> throw new IllegalArgumentException(
                    "array_sort: the order must be 'ASC' or 'DESC', got '" + order + "'");
        };
        Comparator<Object> c = switch (nulls.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ")) {
            case "NULLS FIRST" -> Comparator.nullsFirst(values);
            case "NULLS LAST" -> Comparator.nullsLast(values);
            default -> throw new IllegalArgumentException(
                    "array_sort: the NULL order must be 'NULLS FIRST' or 'NULLS LAST', got '" + nulls + "'");
        };
        List<Object> out = new ArrayList<>(a);
        out.sort(c);
        return out;
    }

    /** The distinct elements, sorted (NULL first), as DataFusion's. */
    public static List<Object> array_distinct(List<?> a) {
        List<Object> out = new ArrayList<>(distinct(a));
        out.sort(NULLS_FIRST);
        return out;
    }

    /** The distinct elements of both, in order of first appearance; a NULL array counts as empty. */
    @NullSafe
    public static List<Object> array_union(List<?> a, List<?> b) {
        if (a == null && b == null) {
            return null;
        }
        List<Object> both = new ArrayList<>();
        if (a != null) {
            both.addAll(a);
        }
        if (b != null) {
            both.addAll(b);
        }
        return distinct(both);
    }

    /** The distinct elements of a that b also has, in a's order. */
    public static List<Object> array_intersect(List<?> a, List<?> b) {
        Set<Object> in = keys(b);
        List<Object> out = new ArrayList<>();
        for (Object e : distinct(a)) {
            if (in.contains(key(e))) {
                out.add(e);
            }
        }
        return out;
    }

    /** The distinct elements of a that b lacks, in a's order. */
    public static List<Object> array_except(List<?> a, List<?> b) {
        Set<Object> in = keys(b);
        List<Object> out = new ArrayList<>();
        for (Object e : distinct(a)) {
            if (!in.contains(key(e))) {
                out.add(e);
            }
        }
        return out;
    }

    /** The leaf elements of nested arrays, in order. */
    public static List<Object> flatten(List<?> a) {
        List<Object> out = new ArrayList<>();
        flattenInto(a, out);
        return out;
    }

    private static void flattenInto(List<?> a, List<Object> out) {
        for (Object e : a) {
            if (e instanceof List<?> l) {
                flattenInto(l, out);
            } else {
                out.add(e);
            }
        }
    }

    // ---- text and numbers -----------------------------------------------------------------------

    /** The (text) elements of all dimensions joined by delim, NULLs left out. */
    public static String array_to_string(List<?> a, String delim) {
        return join(a, delim, null);
    }

    /** As {@link #array_to_string(List, String)}, with NULLs written as nullString. */
    @NullSafe
    public static String array_to_string(List<?> a, String delim, String nullString) {
        return a == null || delim == null ? null : join(a, delim, nullString);
    }

    private static String join(List<?> a, String delim, String nullString) {
        StringBuilder b = new StringBuilder();
        boolean first = true;
        for (Object e : flatten(a)) {
            if (e == null && nullString == null) {
                continue;
            }
            b.append(first ? "" : delim).append(e == null ? nullString : e);
            first = false;
        }
        return b.toString();
    }

    /** The Euclidean distance between two arrays of numbers of one length; NULL if an element is NULL. */
    public static Double array_distance(List<?> a, List<?> b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("array_distance: the arrays have different lengths ("
                    + a.size() + " and " + b.size() + ")");
        }
        double sum = 0;
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) == null || b.get(i) == null) {
                return null;
            }
            double d = ((Number) a.get(i)).doubleValue() - ((Number) b.get(i)).doubleValue();
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    // ---- equality and order of elements ---------------------------------------------------------

    private static int indexOf(List<?> a, Object element, int from) {
        for (int i = from; i < a.size(); i++) {
            if (same(a.get(i), element)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether two elements are not distinct (NULL is not distinct from NULL). */
    static boolean same(Object a, Object b) {
        return Objects.equals(key(a), key(b));
    }

    /**
     * A value that equals and hashes as the element compares: bytes by content, structs and arrays
     * element by element, decimals by value.
     */
    private static Object key(Object v) {
        if (v instanceof byte[] b) {
            return ByteBuffer.wrap(b);
        }
        if (v instanceof BigDecimal d) {
            return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
        }
        if (v instanceof Object[] fields) {
            return keys(Arrays.asList(fields), new ArrayList<>());
        }
        if (v instanceof List<?> l) {
            return keys(l, new ArrayList<>());
        }
        return v;
    }

    private static List<Object> keys(List<?> l, List<Object> out) {
        for (Object e : l) {
            out.add(key(e));
        }
        return out;
    }

    private static Set<Object> keys(List<?> a) {
        Set<Object> s = new HashSet<>();
        for (Object e : a) {
            s.add(key(e));
        }
        return s;
    }

    /** The distinct elements in order of first appearance. */
    private static List<Object> distinct(List<?> a) {
        Set<Object> seen = new LinkedHashSet<>();
        List<Object> out = new ArrayList<>();
        for (Object e : a) {
            if (seen.add(key(e))) {
                out.add(e);
            }
        }
        return out;
    }

    /** The order of two non-NULL elements of one type; NULL fields and elements sort first. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Sql.compare(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            return lexicographic(x, y);
        }
        if (a instanceof Object[] x && b instanceof Object[] y) {
            return lexicographic(Arrays.asList(x), Arrays.asList(y));
        }
        if (a instanceof Comparable c && a.getClass() == b.getClass()) {
            return c.compareTo(b);
        }
        throw new IllegalArgumentException("cannot compare array elements " + a + " and " + b);
    }

    private static int lexicographic(List<?> x, List<?> y) {
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            int c = NULLS_FIRST.compare(x.get(i), y.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    }
}
