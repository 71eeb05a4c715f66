package org.wadi.spi.types;

/**
 * What an updating row ({@link Schema#isUpdating()}) does to the result it belongs to, held as an
 * {@code Integer} in its {@value Schema#OP_FIELD} column. An update is two rows in a row, from the
 * same subtask: {@link #UPDATE_BEFORE} with the old values, then {@link #UPDATE_AFTER} with the new;
 * a sink writing Debezium JSON turns the pair into one {@code "op": "u"} event.
 */
public final class RowKind {

    /** A new row ({@code "op": "c"}). */
    public static final int INSERT = 0;
    /** The old values of an updated row; an {@link #UPDATE_AFTER} follows. */
    public static final int UPDATE_BEFORE = 1;
    /** The new values of an updated row, right after its {@link #UPDATE_BEFORE}. */
    public static final int UPDATE_AFTER = 2;
    /** A row retracted ({@code "op": "d"}). */
    public static final int DELETE = 3;

    private static final Integer[] BOXED = {INSERT, UPDATE_BEFORE, UPDATE_AFTER, DELETE};

    private RowKind() {
    }

    /** The boxed value to put into a row (shared instances). */
    public static Integer of(int kind) {
        return BOXED[kind];
    }

    /** Whether a row of this kind adds to the result (INSERT, UPDATE_AFTER) rather than takes away. */
    public static boolean isAddition(int kind) {
        return kind == INSERT || kind == UPDATE_AFTER;
    }

    /** Debezium's name: {@code +I}, {@code -U}, {@code +U}, {@code -D}. */
    public static String describe(int kind) {
        return switch (kind) {
            case INSERT -> "+I";
            case UPDATE_BEFORE -> "-U";
            case UPDATE_AFTER -> "+U";
            case DELETE -> "-D";
            default -> "?" + kind;
        };
    }
}
