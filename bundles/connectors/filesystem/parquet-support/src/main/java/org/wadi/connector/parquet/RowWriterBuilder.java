package org.wadi.connector.parquet;

import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;

/**
 * Builds a {@link ParquetWriter} of rows ({@code Object[]}) written by a given {@link WriteSupport},
 * without Hadoop: a plain configuration, pages compressed by {@link ParquetCodecs}, the file
 * overwritten. Callers add the codec and sizes, then {@link #build()}.
 */
public final class RowWriterBuilder extends ParquetWriter.Builder<Object[], RowWriterBuilder> {

    private final WriteSupport<Object[]> support;

    private RowWriterBuilder(OutputFile file, WriteSupport<Object[]> support) {
        super(file);
        this.support = support;
    }

    /** A builder of a writer into {@code file} through {@code support}. */
    public static RowWriterBuilder of(OutputFile file, WriteSupport<Object[]> support) {
        return new RowWriterBuilder(file, support)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new ParquetCodecs())
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE);
    }

    @Override
    protected RowWriterBuilder self() {
        return this;
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
        return support;
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(org.apache.parquet.conf.ParquetConfiguration conf) {
        return support;
    }
}
