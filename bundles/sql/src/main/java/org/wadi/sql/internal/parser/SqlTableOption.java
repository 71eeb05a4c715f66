package org.wadi.sql.internal.parser;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * One {@code key = value} of a {@code WITH} clause. Arroyo writes keys both as identifiers
 * ({@code connector = 'impulse'}) and as strings ({@code 'connector' = 'impulse'}); both mean the same.
 */
public final class SqlTableOption extends SqlCall {

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("TABLE_OPTION", SqlKind.OTHER);

    private final SqlNode key;
    private final SqlNode value;

    public SqlTableOption(SqlParserPos pos, SqlNode key, SqlNode value) {
        super(pos);
        this.key = key;
        this.value = value;
    }

    /** The key as text: an identifier's (dotted) name, or a string's value. */
    public String key() {
        if (key instanceof SqlIdentifier id) {
            return String.join(".", id.names);
        }
        return text(key);
    }

    /** The value as text: a string's value, a number as written, {@code true}/{@code false}. */
    public String value() {
        return text(value);
    }

    public SqlNode keyNode() {
        return key;
    }

    private static String text(SqlNode node) {
        if (node instanceof SqlCharStringLiteral s) {
            return s.getValueAs(String.class);
        }
        if (node instanceof SqlLiteral l) {
            return l.toValue();
        }
        return node.toString();
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(key, value);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        key.unparse(writer, 0, 0);
        writer.keyword("=");
        value.unparse(writer, 0, 0);
    }
}
