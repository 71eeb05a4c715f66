package org.wadi.sql.internal.parser;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code WATERMARK FOR column [AS expression]} in a {@code CREATE TABLE}: the column is the rows'
 * event time, the expression (over the row) the watermark it allows; without one, the watermark is
 * the event time itself.
 */
public final class SqlWatermarkDeclaration extends SqlCall {

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("WATERMARK FOR", SqlKind.OTHER);

    private final SqlIdentifier column;
    private final SqlNode expression;

    public SqlWatermarkDeclaration(SqlParserPos pos, SqlIdentifier column, SqlNode expression) {
        super(pos);
        this.column = column;
        this.expression = expression;
    }

    public SqlIdentifier column() {
        return column;
    }

    /** The watermark's expression, or {@code null} when the event time itself is the watermark. */
    public SqlNode expression() {
        return expression;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return expression == null ? List.of(column) : List.of(column, expression);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("WATERMARK FOR");
        column.unparse(writer, 0, 0);
        if (expression != null) {
            writer.keyword("AS");
            expression.unparse(writer, 0, 0);
        }
    }
}
