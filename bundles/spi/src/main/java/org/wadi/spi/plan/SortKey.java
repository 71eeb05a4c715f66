package org.wadi.spi.plan;

/**
 * One key of an ORDER BY inside a window function's {@code OVER} clause.
 *
 * @param column the input column sorted by
 * @param descending {@code DESC}
 * @param nullsFirst whether NULLs sort before every value (SQL's default: NULLS LAST for ASC,
 *     NULLS FIRST for DESC, as DataFusion)
 */
public record SortKey(int column, boolean descending, boolean nullsFirst) {
}
