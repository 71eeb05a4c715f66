package org.wadi.worker.internal.runtime;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/**
 * Equality and hashing of key values as SQL compares them, shared by the SHUFFLE routing
 * ({@link Partitioners#hash}) and the operators' key tables ({@link KeyIndex}), so that two values a
 * query treats as one key go to one subtask and land in one group: numbers of one Java class by value
 * ({@code 0.0 = -0.0}; decimals {@code 1.0 = 1.00}), BINARY by content, a STRUCT (the window column)
 * field by field and a LIST element by element. Two NULLs are one key here (GROUP BY, PARTITION BY);
 * a join, where NULL matches nothing, does not look up keys with a NULL ({@link KeyIndex#hasNull}).
 * Values of different classes differ: the plan gives the keys of one operator one type.
 */
public final class KeyValues {

    private KeyValues() {
    }

    /**
     * A key value's hash, consistent with {@link #same}. For values that need no normalisation it is
     * their {@code hashCode} ({@link Arrays#hashCode(byte[])} for BINARY, the {@code List.hashCode}
     * formula for STRUCT and LIST), so that ownership of such keys by hash does not depend on this class.
     */
    public static int hash(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Long || v instanceof String || v instanceof Integer) {
            return v.hashCode();
        }
        if (v instanceof byte[] b) {
            return Arrays.hashCode(b);
        }
        if (v instanceof Object[] fields) {
            int h = 1;
            for (Object f : fields) {
                h = 31 * h + hash(f);
            }
            return h;
        }
        if (v instanceof List<?> list) {
            int h = 1;
            for (Object e : list) {
                h = 31 * h + hash(e);
            }
            return h;
        }
        if (v instanceof Double d) {
            // -0.0 hashes as 0.0; every NaN as the canonical one (Double.hashCode does that already)
            return d == 0 ? 0 : d.hashCode();
        }
        if (v instanceof Float f) {
            return f == 0 ? 0 : f.hashCode();
        }
        if (v instanceof BigDecimal d) {
            return d.signum() == 0 ? 0 : d.stripTrailingZeros().hashCode();
        }
        return v.hashCode();
    }

    /** Whether two key values are one key: NULL with NULL, others by SQL equality (see the class). */
    public static boolean same(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof byte[] x) {
            return b instanceof byte[] y && Arrays.equals(x, y);
        }
        if (a instanceof Object[] x) {
            if (!(b instanceof Object[] y) || x.length != y.length) {
                return false;
            }
            for (int i = 0; i < x.length; i++) {
                if (!same(x[i], y[i])) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x) {
            if (!(b instanceof List<?> y) || x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Double x) {
            // 0.0 = -0.0 by value; NaN equals NaN (as Double.equals), so that NaN keys form one group
            return b instanceof Double y && (x.doubleValue() == y.doubleValue() || x.equals(y));
        }
        if (a instanceof Float x) {
            return b instanceof Float y && (x.floatValue() == y.floatValue() || x.equals(y));
        }
        if (a instanceof BigDecimal x) {
            return b instanceof BigDecimal y && x.compareTo(y) == 0;
        }
        return a.equals(b);
    }
}
