package org.wadi.connector.filesystem.internal;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads Delta tables back with Delta's own Java library (Delta Kernel and its default engine), for assertions. */
final class DeltaTables {

    /** A snapshot's version, schema and rows (values in the table's column order). */
    record Contents(long version, StructType schema, List<String> partitionColumns, List<Object[]> rows) {
    }

    private DeltaTables() {
    }

    static Contents read(Path root) throws Exception {
        Engine engine = DefaultEngine.create(new org.apache.hadoop.conf.Configuration());
        Snapshot snapshot = Table.forPath(engine, root.toUri().toString()).getLatestSnapshot(engine);
        Scan scan = snapshot.getScanBuilder().build();
        Row scanState = scan.getScanState(engine);
        StructType physical = ScanStateRow.getPhysicalDataReadSchema(engine, scanState);
        List<Object[]> rows = new ArrayList<>();
        try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
            while (files.hasNext()) {
                try (CloseableIterator<Row> fileRows = files.next().getRows()) {
                    while (fileRows.hasNext()) {
                        Row file = fileRows.next();
                        FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
                        CloseableIterator<ColumnarBatch> data = engine.getParquetHandler()
                                .readParquetFiles(Utils.singletonCloseableIterator(status), physical, Optional.empty());
                        try (CloseableIterator<FilteredColumnarBatch> logical =
                                Scan.transformPhysicalData(engine, scanState, file, data)) {
                            while (logical.hasNext()) {
                                try (CloseableIterator<Row> values = logical.next().getRows()) {
                                    while (values.hasNext()) {
                                        rows.add(values(values.next()));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return new Contents(snapshot.getVersion(), snapshot.getSchema(), snapshot.getPartitionColumnNames(), rows);
    }

    private static Object[] values(Row row) {
        StructType schema = row.getSchema();
        Object[] out = new Object[schema.length()];
        for (int i = 0; i < out.length; i++) {
            if (row.isNullAt(i)) {
                continue;
            }
            DataType t = schema.at(i).getDataType();
            out[i] = t instanceof BooleanType ? row.getBoolean(i)
                    : t instanceof ByteType ? row.getByte(i)
                    : t instanceof ShortType ? row.getShort(i)
                    : t instanceof IntegerType || t instanceof DateType ? row.getInt(i)
                    : t instanceof LongType || t instanceof TimestampType ? row.getLong(i)
                    : t instanceof FloatType ? row.getFloat(i)
                    : t instanceof DoubleType ? row.getDouble(i)
                    : t instanceof DecimalType ? row.getDecimal(i)
                    : t instanceof StringType ? row.getString(i)
                    : t instanceof BinaryType ? row.getBinary(i)
                    : "unexpected type " + t;
        }
        return out;
    }
}
