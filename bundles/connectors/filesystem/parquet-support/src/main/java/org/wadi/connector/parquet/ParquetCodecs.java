package org.wadi.connector.parquet;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet's page compression in pure Java, without Hadoop: Parquet's own codec factory goes
 * through a Hadoop {@code Configuration} (and native snappy/zstd libraries), which the bundles
 * writing Parquet do not carry. Snappy, zstd and LZ4 (raw) come from aircompressor, gzip from the
 * JDK; other codecs are refused with {@link IllegalArgumentException}.
 */
public final class ParquetCodecs implements CompressionCodecFactory {

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

    /** Whether a codec is supported here. */
    public static boolean supported(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4_RAW -> true;
            default -> false;
        };
    }

    private static final class Codec implements BytesInputCompressor, BytesInputDecompressor {
        private final CompressionCodecName name;

        Codec(CompressionCodecName name) {
            if (!supported(name)) {
                throw new IllegalArgumentException("Parquet compression " + name + " is not supported");
            }
            this.name = name;
        }

        @Override
        public CompressionCodecName getCodecName() {
            return name;
        }

        private Compressor compressor() {
            return switch (name) {
                case SNAPPY -> new SnappyCompressor();
                case ZSTD -> new ZstdCompressor();
                case LZ4_RAW -> new Lz4Compressor();
                default -> null;
            };
        }

        private Decompressor decompressor() {
            return switch (name) {
                case SNAPPY -> new SnappyDecompressor();
                case ZSTD -> new ZstdDecompressor();
                case LZ4_RAW -> new Lz4Decompressor();
                default -> null;
            };
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
            Compressor c = compressor();
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
            decompressor().decompress(in, 0, in.length, out, 0, out.length);
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
