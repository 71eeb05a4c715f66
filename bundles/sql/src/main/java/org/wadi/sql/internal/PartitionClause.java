package org.wadi.sql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;

/**
 * {@code PARTITIONED BY (…)} of {@code CREATE TABLE}, as Arroyo writes the partitioning of an
 * iceberg (or filesystem) sink: given to the connector as its {@value #OPTION} option, the columns
 * and transforms as written ({@code day(ts), bucket(id, 16), kind}), which the connector checks
 * against its columns.
 */
final class PartitionClause {

    /** The connector option the clause becomes. */
    static final String OPTION = "partitioning.fields";

    private PartitionClause() {
    }

    /** The clause's items as the option's value: each a column or a transform of columns and numbers. */
    static String text(SqlNodeList items) {
        List<String> fields = new ArrayList<>();
        for (SqlNode item : items) {
            fields.add(field(item));
        }
        return String.join(", ", fields);
    }

    private static String field(SqlNode node) {
        if (node instanceof SqlIdentifier id && id.isSimple()) {
            return id.getSimple();
        }
        if (node instanceof SqlBasicCall call && call.getOperator().getName().matches("[A-Za-z_][A-Za-z0-9_]*")
                && call.getFunctionQuantifier() == null) {
            List<String> args = new ArrayList<>();
            for (SqlNode operand : call.getOperandList()) {
                if (operand instanceof SqlIdentifier id && id.isSimple()) {
                    args.add(id.getSimple());
                } else if (operand instanceof SqlNumericLiteral n && n.isInteger()) {
                    args.add(n.toValue());
                } else {
                    throw refused(node);
                }
            }
            return call.getOperator().getName().toLowerCase(Locale.ROOT) + "(" + String.join(", ", args) + ")";
        }
        throw refused(node);
    }

    private static UnsupportedException refused(SqlNode node) {
        return new UnsupportedException("PARTITIONED BY takes columns and partition transforms of a column, such as "
                + "day(ts), bucket(id, 16) or truncate(name, 4); '" + node + "' is neither", node.getParserPosition());
    }
}
