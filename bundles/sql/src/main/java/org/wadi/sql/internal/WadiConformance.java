package org.wadi.sql.internal;

import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlDelegatingConformance;

/** Calcite's default conformance, with what Arroyo's dialect (PostgreSQL-like) also accepts. */
final class WadiConformance extends SqlDelegatingConformance {

    static final WadiConformance INSTANCE = new WadiConformance();

    private WadiConformance() {
        super(SqlConformanceEnum.DEFAULT);
    }

    @Override
    public boolean isPercentRemainderAllowed() {
        return true;
    }

    @Override
    public boolean isBangEqualAllowed() {
        return true;
    }

    @Override
    public boolean supportsUnsignedTypes() {
        return true;
    }

    // GROUP BY window (a select alias) and GROUP BY 1, 2, as Arroyo's queries write them
    @Override
    public boolean isGroupByAlias() {
        return true;
    }

    @Override
    public boolean isGroupByOrdinal() {
        return true;
    }

    @Override
    public boolean isHavingAlias() {
        return true;
    }
}
