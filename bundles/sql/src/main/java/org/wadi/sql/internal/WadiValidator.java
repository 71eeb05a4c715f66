package org.wadi.sql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.runtime.CalciteException;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlNameMatchers;
import org.apache.calcite.sql.validate.SqlValidatorException;
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

    /**
     * A call no registered function matches: says whether the name is unknown or only the operands
     * are wrong, naming the function, instead of Calcite's "No match found for function signature".
     */
    @Override
    public CalciteException handleUnresolvedFunction(SqlCall call, SqlOperator unresolvedFunction,
            List<RelDataType> argTypes, List<String> argNames) {
        String name = unresolvedFunction.getName().toLowerCase(Locale.ROOT);
        List<SqlOperator> overloads = new ArrayList<>();
        getOperatorTable().lookupOperatorOverloads(unresolvedFunction.getNameAsId(), null, SqlSyntax.FUNCTION,
                overloads, SqlNameMatchers.withCaseSensitive(false));
        String types = String.join(", ", argTypes.stream()
                .map(Types::text).toList());
        String message;
        if (overloads.isEmpty()) {
            message = "Unknown function '" + name + "'";
        } else {
            List<String> signatures = new ArrayList<>();
            for (SqlOperator op : overloads) {
                String s = op.getAllowedSignatures(name);
                if (s != null && !s.isBlank()) {
                    signatures.add(s.replace("\n", "; "));
                }
            }
            message = "Function '" + name + "' cannot be applied to (" + types + ")"
                    + (signatures.isEmpty() ? "" : "; supported: " + String.join("; ", signatures));
        }
        SqlParserPos pos = call.getParserPosition();
        return new CalciteContextException(message, new SqlValidatorException(message, null),
                pos.getLineNum(), pos.getColumnNum(), pos.getEndLineNum(), pos.getEndColumnNum());
    }

    // Only star expansion adds select items through here.
    /**
     * Calcite takes a condition of a row type (a STRUCT column, say) for a sub-query and fails on
     * it with an internal check; it is a condition that is not one, as any other non-boolean.
     */
    @Override
    protected void validateWhereOrOn(org.apache.calcite.sql.validate.SqlValidatorScope scope, SqlNode condition,
            String clause) {
        try {
            super.validateWhereOrOn(scope, condition, clause);
        } catch (IllegalStateException e) {
            throw newValidationError(condition,
                    org.apache.calcite.util.Static.RESOURCE.condMustBeBoolean(clause));
        }
    }

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
