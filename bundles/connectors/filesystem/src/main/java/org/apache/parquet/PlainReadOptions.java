package org.apache.parquet;

import java.util.Map;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

/**
 * Read options for parquet-java's file reader built without Hadoop. Parquet's own builder
 * ({@link ParquetReadOptions.Builder}) always asks {@code ParquetInputFormat} (a Hadoop
 * {@code FileInputFormat}) for a record filter and builds a Hadoop codec factory, so it cannot run
 * in a bundle without Hadoop; the options' constructor is package-private, hence this class in
 * Parquet's package, inside the filesystem connector's bundle (one class loader with the embedded
 * parquet-hadoop jar). A change of that constructor in a new parquet-java fails the build here.
 */
public final class PlainReadOptions {

    private static final int MAX_ALLOCATION = 8 * 1024 * 1024;

    private PlainReadOptions() {
    }

    /**
     * Options reading every row (no filters, no checksums), pages decompressed by {@code codecs},
     * heap buffers.
     */
    public static ParquetReadOptions create(CompressionCodecFactory codecs) {
        return new ParquetReadOptions(false, false, false, false, false, false, false, false, false,
                FilterCompat.NOOP, ParquetMetadataConverter.NO_FILTER, codecs, new HeapByteBufferAllocator(),
                MAX_ALLOCATION, Map.of(), null, null, new PlainParquetConfiguration());
    }
}
