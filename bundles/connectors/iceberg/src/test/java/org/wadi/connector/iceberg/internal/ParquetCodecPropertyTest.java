package org.wadi.connector.iceberg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

/** The table property {@code write.parquet.compression-codec} chooses the data files' Parquet compression. */
class ParquetCodecPropertyTest {

    @Test
    void icebergsNamesMapToParquetCodecs() {
        assertEquals(CompressionCodecName.ZSTD, IcebergSink.parquetCodec(null), "Iceberg's default");
        assertEquals(CompressionCodecName.ZSTD, IcebergSink.parquetCodec(" ZSTD "));
        assertEquals(CompressionCodecName.SNAPPY, IcebergSink.parquetCodec("snappy"));
        assertEquals(CompressionCodecName.GZIP, IcebergSink.parquetCodec("gzip"));
        assertEquals(CompressionCodecName.UNCOMPRESSED, IcebergSink.parquetCodec("none"));
        assertEquals(CompressionCodecName.UNCOMPRESSED, IcebergSink.parquetCodec("uncompressed"));
    }

    @Test
    void otherCodecsAreRefusedNamingTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IcebergSink.parquetCodec("lz4"));
        assertEquals("the table property write.parquet.compression-codec is 'lz4'; this sink writes zstd, snappy, gzip"
                + " or uncompressed", e.getMessage());
    }
}
