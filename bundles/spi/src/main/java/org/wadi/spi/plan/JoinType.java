package org.wadi.spi.plan;

/** Which rows without a partner a {@link JoinOperator} emits, padded with NULLs. */
public enum JoinType {
    INNER, LEFT, RIGHT, FULL
}
