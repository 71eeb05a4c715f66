package org.wadi.sql.internal;

import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * {@code x LIKE NULL} (and {@code SIMILAR TO}, with a NULL escape too) is NULL for every row; Calcite's
 * simplification of such a call fails on the missing pattern, so it is written as a NULL boolean
 * before validation.
 */
final class NullPatterns extends SqlShuttle {

    private static final NullPatterns INSTANCE = new NullPatterns();

    private NullPatterns() {
    }

    static SqlNode rewrite(SqlNode query) {
        return query.accept(INSTANCE);
    }

    @Override
    public SqlNode visit(SqlCall call) {
        SqlNode visited = super.visit(call);
        if (visited instanceof SqlCall c && (c.getKind() == SqlKind.LIKE || c.getKind() == SqlKind.SIMILAR)) {
            for (int i = 1; i < c.operandCount(); i++) {
                if (c.operand(i) instanceof SqlLiteral literal && literal.getTypeName() == SqlTypeName.NULL) {
                    SqlParserPos pos = c.getParserPosition();
                    return SqlStdOperatorTable.CAST.createCall(pos, SqlLiteral.createNull(pos),
                            new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.BOOLEAN, pos), pos));
                }
            }
        }
        return visited;
    }
}
