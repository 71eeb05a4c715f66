package org.wadi.sql.internal.parser;

import java.util.ArrayList;
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
 * {@code CREATE [TEMPORARY] TABLE name [(element, ...)] [PARTITIONED BY (…)] [WITH (key = value, ...)] [AS query]}: a
 * table backed by the connector named in the {@code connector} option (a memory table without
 * one), a lookup table when {@code TEMPORARY}; with a query, a sink written by that query. The
 * elements are {@link SqlColumnDeclaration}s, at most one {@link SqlWatermarkDeclaration} and
 * {@link SqlPrimaryKeyDeclaration}s.
 */
public final class SqlCreateConnectorTable extends SqlCreate {

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE TABLE", SqlKind.CREATE_TABLE);

    private final boolean temporary;
    private final SqlIdentifier name;
    private final SqlNodeList elements;
    private final SqlNodeList partitionedBy;
    private final SqlNodeList options;
    private final SqlNode query;

    public SqlCreateConnectorTable(SqlParserPos pos, boolean replace, boolean temporary, boolean ifNotExists,
            SqlIdentifier name, SqlNodeList elements, SqlNodeList partitionedBy, SqlNodeList options, SqlNode query) {
        super(OPERATOR, pos, replace, ifNotExists);
        this.temporary = temporary;
        this.name = name;
        this.elements = elements;
        this.partitionedBy = partitionedBy;
        this.options = options;
        this.query = query;
    }

    public SqlIdentifier name() {
        return name;
    }

    /** Whether it is {@code CREATE TEMPORARY TABLE}: a lookup table. */
    public boolean temporary() {
        return temporary;
    }

    /** The declared columns; empty when none are listed. */
    public List<SqlColumnDeclaration> columns() {
        return elements(SqlColumnDeclaration.class);
    }

    /** The {@code WATERMARK FOR} clauses (more than one is an error the planner reports). */
    public List<SqlWatermarkDeclaration> watermarks() {
        return elements(SqlWatermarkDeclaration.class);
    }

    /** The table-level {@code PRIMARY KEY (…)} clauses. */
    public List<SqlPrimaryKeyDeclaration> primaryKeys() {
        return elements(SqlPrimaryKeyDeclaration.class);
    }

    private <T> List<T> elements(Class<T> type) {
        return elements.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * The expressions of {@code PARTITIONED BY (…)} — columns and partition transforms such as
     * {@code day(ts)} or {@code bucket(id, 16)} — empty when there is no such clause.
     */
    public SqlNodeList partitionedBy() {
        return partitionedBy;
    }

    /** The {@code WITH} options, each a {@link SqlTableOption}. */
    public List<SqlTableOption> options() {
        return options.stream().map(SqlTableOption.class::cast).toList();
    }

    /** The query of {@code CREATE TABLE … AS query}, or {@code null}. */
    public SqlNode query() {
        return query;
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
        List<SqlNode> operands = new ArrayList<>(List.of(name, elements, partitionedBy, options));
        if (query != null) {
            operands.add(query);
        }
        return operands;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword(getReplace() ? "CREATE OR REPLACE" : "CREATE");
        if (temporary) {
            writer.keyword("TEMPORARY");
        }
        writer.keyword("TABLE");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        name.unparse(writer, leftPrec, rightPrec);
        if (!elements.isEmpty()) {
            SqlWriter.Frame frame = writer.startList("(", ")");
            for (SqlNode c : elements) {
                writer.sep(",");
                c.unparse(writer, 0, 0);
            }
            writer.endList(frame);
        }
        if (!partitionedBy.isEmpty()) {
            writer.keyword("PARTITIONED BY");
            SqlWriter.Frame frame = writer.startList("(", ")");
            for (SqlNode p : partitionedBy) {
                writer.sep(",");
                p.unparse(writer, 0, 0);
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
        if (query != null) {
            writer.keyword("AS");
            query.unparse(writer, 0, 0);
        }
    }
}
