package org.wadi.sql.internal;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.impl.AbstractTable;
import org.wadi.spi.connector.ConnectorTable;

/**
 * A connector table as Calcite sees it while planning: its columns followed by the hidden
 * {@code _timestamp}, which queries may name but {@code *} does not expand to.
 */
final class PlanningTable extends AbstractTable {

    private final ConnectorTable table;

    PlanningTable(ConnectorTable table) {
        this.table = table;
    }

    ConnectorTable table() {
        return table;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        return Types.rowType(typeFactory, table.schema().withTimestamp());
    }
}
