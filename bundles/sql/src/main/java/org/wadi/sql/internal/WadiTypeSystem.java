package org.wadi.sql.internal;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
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
        if (typeName.getFamily() == org.apache.calcite.sql.type.SqlTypeFamily.INTERVAL_DAY_TIME) {
            // interval '100 seconds': the leading field is not limited to two digits
            return SqlTypeName.MAX_INTERVAL_START_PRECISION;
        }
        return switch (typeName) {
            case TIME, TIMESTAMP -> 9;
            default -> super.getDefaultPrecision(typeName);
        };
    }

    // As Arroyo (DataFusion): sums of whole numbers are BIGINT, of floating-point numbers DOUBLE
    @Override
    public RelDataType deriveSumType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
        SqlTypeName name = argumentType.getSqlTypeName();
        RelDataType t = switch (name) {
            case TINYINT, SMALLINT, INTEGER, BIGINT -> typeFactory.createSqlType(SqlTypeName.BIGINT);
            case UTINYINT, USMALLINT, UINTEGER, UBIGINT -> typeFactory.createSqlType(SqlTypeName.UBIGINT);
            case REAL, FLOAT, DOUBLE -> typeFactory.createSqlType(SqlTypeName.DOUBLE);
            default -> null;
        };
        return t == null ? super.deriveSumType(typeFactory, argumentType)
                : typeFactory.createTypeWithNullability(t, argumentType.isNullable());
    }

    // As Arroyo (DataFusion): the average of numbers that are not DECIMAL is a DOUBLE
    @Override
    public RelDataType deriveAvgAggType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
        if (argumentType.getSqlTypeName() == SqlTypeName.DECIMAL) {
            return super.deriveAvgAggType(typeFactory, argumentType);
        }
        return typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.DOUBLE),
                argumentType.isNullable());
    }
}
