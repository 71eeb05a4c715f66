package org.wadi.connector.parquet;

import java.util.HashMap;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes rows ({@code Object[]}) of one Parquet schema, without Hadoop: the schema and the record
 * consumer Parquet hands over; subclasses convert each row's values in {@link #write}.
 */
public abstract class RowWriteSupport extends WriteSupport<Object[]> {

    private final MessageType schema;
    private RecordConsumer consumer;

    /** @param schema the file's schema */
    protected RowWriteSupport(MessageType schema) {
        this.schema = schema;
    }

    @Override
    public final WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
        return new WriteContext(schema, new HashMap<>());
    }

    @Override
    public final WriteContext init(org.apache.parquet.conf.ParquetConfiguration configuration) {
        return new WriteContext(schema, new HashMap<>());
    }

    @Override
    public final void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    /** Where {@link #write} puts a row's message and values: set by Parquet before the first row. */
    protected final RecordConsumer consumer() {
        return consumer;
    }
}
