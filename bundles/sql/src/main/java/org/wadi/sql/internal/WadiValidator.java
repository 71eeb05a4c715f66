package org.wadi.sql.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.validate.SelectScope;
import org.apache.calcite.sql.validate.SqlValidatorCatalogReader;
import org.apache.calcite.sql.validate.SqlValidatorImpl;
import org.wadi.spi.types.Schema;

/** Calcite's validator, with {@code *} leaving out the hidden {@code _timestamp} column (as Arroyo does). */
final class WadiValidator extends SqlValidatorImpl {

    WadiValidator(SqlOperatorTable operators, SqlValidatorCatalogReader catalogReader, RelDataTypeFactory typeFactory,
            Config config) {
        super(operators, catalogReader, typeFactory, config);
    }

    // Only star expansion adds select items through here.
    @Override
    protected void addToSelectList(List<SqlNode> list, Set<String> aliases,
            List<Map.Entry<String, RelDataType>> fieldList, SqlNode exp, SelectScope scope,
            boolean includeSystemVars) {
        if (exp instanceof SqlIdentifier id && !id.isStar()
                && Schema.TIMESTAMP_FIELD.equals(id.names.get(id.names.size() - 1))) {
            return;
        }
        super.addToSelectList(list, aliases, fieldList, exp, scope, includeSystemVars);
    }
}
