package org.wadi.sql.internal.parser;

import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE TABLE name [(column type [NOT NULL], ...)] [WITH (key = value, ...)]}: a table
 * backed by a connector, named in the {@code connector} option.
 */
public final class SqlCreateConnectorTable extends SqlCreate {

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE TABLE", SqlKind.CREATE_TABLE);

    private final SqlIdentifier name;
    private final SqlNodeList columns;
    private final SqlNodeList options;

    public SqlCreateConnectorTable(SqlParserPos pos, boolean replace, boolean ifNotExists, SqlIdentifier name,
            SqlNodeList columns, SqlNodeList options) {
        super(OPERATOR, pos, replace, ifNotExists);
        this.name = name;
        this.columns = columns;
        this.options = options;
    }

    public SqlIdentifier name() {
        return name;
    }

    /** The declared columns, each a {@link SqlColumnDeclaration}; empty when none are listed. */
    public List<SqlColumnDeclaration> columns() {
        return columns.stream().map(SqlColumnDeclaration.class::cast).toList();
    }

    /** The {@code WITH} options, each a {@link SqlTableOption}. */
    public List<SqlTableOption> options() {
        return options.stream().map(SqlTableOption.class::cast).toList();
    }

    public boolean ifNotExists() {
        return ifNotExists;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(name, columns, options);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword(getReplace() ? "CREATE OR REPLACE TABLE" : "CREATE TABLE");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        name.unparse(writer, leftPrec, rightPrec);
        if (!columns.isEmpty()) {
            SqlWriter.Frame frame = writer.startList("(", ")");
            for (SqlNode c : columns) {
                writer.sep(",");
                c.unparse(writer, 0, 0);
            }
            writer.endList(frame);
        }
        if (!options.isEmpty()) {
            writer.keyword("WITH");
            SqlWriter.Frame frame = writer.startList("(", ")");
            for (SqlNode o : options) {
                writer.sep(",");
                o.unparse(writer, 0, 0);
            }
            writer.endList(frame);
        }
    }
}
