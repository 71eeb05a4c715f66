package org.wadi.sql.internal;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.implicit.TypeCoercionImpl;

/**
 * Calcite's implicit casts, but none between a BOOLEAN and a numeric expression compared with it:
 * DataFusion (so Arroyo) has no common type for them, and Calcite's cast of the boolean fails an
 * assertion of its own. Such a comparison is refused where it is ("Cannot apply '=' …"); a
 * {@code 1} or {@code 0} literal compared with a boolean stays Calcite's TRUE or FALSE.
 */
final class WadiTypeCoercion extends TypeCoercionImpl {

    WadiTypeCoercion(RelDataTypeFactory typeFactory, SqlValidator validator) {
        super(typeFactory, validator);
    }

    @Override
    protected boolean booleanEquality(SqlCallBinding binding, RelDataType left, RelDataType right) {
        if (SqlTypeUtil.isNumeric(left) && SqlTypeUtil.isBoolean(right)
                && binding.operand(0).getKind() != SqlKind.LITERAL
                || SqlTypeUtil.isNumeric(right) && SqlTypeUtil.isBoolean(left)
                && binding.operand(1).getKind() != SqlKind.LITERAL) {
            return false;
        }
        return super.booleanEquality(binding, left, right);
    }
}
