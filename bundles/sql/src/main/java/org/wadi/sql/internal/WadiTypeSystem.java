package org.wadi.sql.internal;

import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type system with Wadi's time precision: TIMESTAMP and TIME carry nanoseconds (as
 * Arroyo's), so a plain {@code TIMESTAMP} means {@code TIMESTAMP(9)}.
 */
final class WadiTypeSystem extends RelDataTypeSystemImpl {

    static final WadiTypeSystem INSTANCE = new WadiTypeSystem();

    private WadiTypeSystem() {
    }

    @Override
    public int getMaxPrecision(SqlTypeName typeName) {
        return switch (typeName) {
            case TIME, TIMESTAMP, TIME_WITH_LOCAL_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> 9;
            default -> super.getMaxPrecision(typeName);
        };
    }

    // 'big' and 'small' in one CASE make a VARCHAR, not a blank-padded CHAR(5): Arroyo has no CHAR
    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() {
        return true;
    }

    @Override
    public int getDefaultPrecision(SqlTypeName typeName) {
        return switch (typeName) {
            case TIME, TIMESTAMP -> 9;
            default -> super.getDefaultPrecision(typeName);
        };
    }
}
