package org.wadi.connector.iceberg.internal;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet's page compression in pure Java: Parquet's own codec factory goes through a Hadoop
 * {@code Configuration} and native snappy/zstd libraries, which this bundle does not carry. Zstd
 * (Iceberg's default) and snappy come from aircompressor (embedded with Iceberg), gzip from the JDK.
 */
final class ParquetCodecs implements CompressionCodecFactory {

    /** Iceberg's {@code write.parquet.compression-codec} names. */
    static CompressionCodecName codec(String tableProperty) {
        String v = tableProperty == null ? "zstd" : tableProperty.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "uncompressed", "none" -> CompressionCodecName.UNCOMPRESSED;
            case "snappy" -> CompressionCodecName.SNAPPY;
            case "gzip" -> CompressionCodecName.GZIP;
            case "zstd" -> CompressionCodecName.ZSTD;
            default -> throw new IllegalArgumentException("the table property write.parquet.compression-codec is '"
                    + tableProperty + "'; this sink writes zstd, snappy, gzip or uncompressed");
        };
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return new Codec(codec);
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return new Codec(codec);
    }

    @Override
    public void release() {
    }

    private static final class Codec implements BytesInputCompressor, BytesInputDecompressor {
        private final CompressionCodecName name;

        Codec(CompressionCodecName name) {
            switch (name) {
                case UNCOMPRESSED, SNAPPY, GZIP, ZSTD -> { }
                default -> throw new IllegalArgumentException("Parquet compression " + name + " is not supported");
            }
            this.name = name;
        }

        @Override
        public CompressionCodecName getCodecName() {
            return name;
        }

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            if (name == CompressionCodecName.UNCOMPRESSED) {
                return bytes;
            }
            byte[] in = bytes.toByteArray();
            if (name == CompressionCodecName.GZIP) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 2 + 64);
                try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                    gz.write(in);
                }
                return BytesInput.from(out.toByteArray());
            }
            Compressor c = name == CompressionCodecName.ZSTD ? new ZstdCompressor() : new SnappyCompressor();
            byte[] out = new byte[c.maxCompressedLength(in.length)];
            int n = c.compress(in, 0, in.length, out, 0, out.length);
            return BytesInput.from(out, 0, n);
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            if (name == CompressionCodecName.UNCOMPRESSED) {
                return bytes;
            }
            byte[] in = bytes.toByteArray();
            byte[] out = new byte[uncompressedSize];
            if (name == CompressionCodecName.GZIP) {
                try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(in))) {
                    int at = 0;
                    while (at < out.length) {
                        int r = gz.read(out, at, out.length - at);
                        if (r < 0) {
                            break;
                        }
                        at += r;
                    }
                }
                return BytesInput.from(out);
            }
            Decompressor d = name == CompressionCodecName.ZSTD ? new ZstdDecompressor() : new SnappyDecompressor();
            d.decompress(in, 0, in.length, out, 0, out.length);
            return BytesInput.from(out);
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            byte[] in = new byte[compressedSize];
            input.get(in);
            output.put(decompress(BytesInput.from(in), uncompressedSize).toByteBuffer());
        }

        @Override
        public void release() {
        }
    }
}
