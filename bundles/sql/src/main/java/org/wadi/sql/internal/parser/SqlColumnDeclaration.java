package org.wadi.sql.internal.parser;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * One column of a {@code CREATE TABLE}: {@code name type [NOT NULL] [PRIMARY KEY]
 * [GENERATED ALWAYS AS (expression) [STORED]] [METADATA FROM 'key']}. A generated column is
 * computed from the other columns of each row after the source; a metadata column is read from
 * the connector's metadata of the row (a Kafka key, …).
 */
public final class SqlColumnDeclaration extends SqlCall {

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("COLUMN_DECL", SqlKind.COLUMN_DECL);

    private final SqlIdentifier name;
    private final SqlDataTypeSpec type;
    private final boolean nullable;
    private final boolean primaryKey;
    private final SqlNode generated;
    private final SqlNode metadataKey;

    public SqlColumnDeclaration(SqlParserPos pos, SqlIdentifier name, SqlDataTypeSpec type, boolean nullable,
            boolean primaryKey, SqlNode generated, SqlNode metadataKey) {
        super(pos);
        this.name = name;
        this.type = type;
        this.nullable = nullable;
        this.primaryKey = primaryKey;
        this.generated = generated;
        this.metadataKey = metadataKey;
    }

    public SqlIdentifier name() {
        return name;
    }

    public SqlDataTypeSpec type() {
        return type;
    }

    public boolean nullable() {
        return nullable;
    }

    /** Whether the column is declared {@code PRIMARY KEY} on its own. */
    public boolean primaryKey() {
        return primaryKey;
    }

    /** The expression of {@code GENERATED ALWAYS AS (…)}, or {@code null}. */
    public SqlNode generated() {
        return generated;
    }

    /** The key of {@code METADATA FROM 'key'}, or {@code null}. */
    public String metadataKey() {
        return metadataKey == null ? null : ((SqlCharStringLiteral) metadataKey).getValueAs(String.class);
    }

    /** Where {@code METADATA FROM 'key'} is written, or {@code null}. */
    public SqlNode metadataKeyNode() {
        return metadataKey;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        List<SqlNode> operands = new ArrayList<>(List.of(name, type));
        if (generated != null) {
            operands.add(generated);
        }
        return operands;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        name.unparse(writer, 0, 0);
        type.unparse(writer, 0, 0);
        if (!nullable) {
            writer.keyword("NOT NULL");
        }
        if (primaryKey) {
            writer.keyword("PRIMARY KEY");
        }
        if (generated != null) {
            writer.keyword("GENERATED ALWAYS AS");
            SqlWriter.Frame frame = writer.startList("(", ")");
            generated.unparse(writer, 0, 0);
            writer.endList(frame);
        }
        if (metadataKey != null) {
            writer.keyword("METADATA FROM");
            metadataKey.unparse(writer, 0, 0);
        }
    }
}
