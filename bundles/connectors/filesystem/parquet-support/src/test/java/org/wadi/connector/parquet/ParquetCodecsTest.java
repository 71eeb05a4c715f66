package org.wadi.connector.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

/** Parquet page compression without Hadoop: every supported codec round-trips, the others are refused. */
class ParquetCodecsTest {

    private static final byte[] PAGE = "wadi wadi wadi arroyo arroyo 0123456789 ".repeat(200)
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void everySupportedCodecRoundTrips() throws Exception {
        ParquetCodecs codecs = new ParquetCodecs();
        for (CompressionCodecName name : new CompressionCodecName[] {CompressionCodecName.UNCOMPRESSED,
                CompressionCodecName.SNAPPY, CompressionCodecName.GZIP, CompressionCodecName.ZSTD,
                CompressionCodecName.LZ4_RAW}) {
            BytesInputCompressor compressor = codecs.getCompressor(name);
            assertEquals(name, compressor.getCodecName());
            byte[] compressed = compressor.compress(BytesInput.from(PAGE)).toByteArray();
            if (name != CompressionCodecName.UNCOMPRESSED) {
                assertTrue(compressed.length < PAGE.length / 4, name + " compresses");
            }
            byte[] back = codecs.getDecompressor(name).decompress(BytesInput.from(compressed), PAGE.length)
                    .toByteArray();
            assertArrayEquals(PAGE, back, name.toString());
            ByteBuffer out = ByteBuffer.allocate(PAGE.length);
            codecs.getDecompressor(name).decompress(ByteBuffer.wrap(compressed), compressed.length, out, PAGE.length);
            assertArrayEquals(PAGE, out.array(), name + " into a buffer");
        }
    }

    @Test
    void otherCodecsAreRefusedByName() {
        assertFalse(ParquetCodecs.supported(CompressionCodecName.LZO));
        assertTrue(ParquetCodecs.supported(CompressionCodecName.ZSTD));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ParquetCodecs().getCompressor(CompressionCodecName.BROTLI));
        assertEquals("Parquet compression BROTLI is not supported", e.getMessage());
    }
}
