package org.wadi.connector.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer built without Hadoop writes rows through a {@link RowWriteSupport}, with the chosen codec, over an old file. */
class RowWriterBuilderTest {

    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType("message row { required int64 id; }");

    /** Writes the first value of each row as {@code id}. */
    private static final class Ids extends RowWriteSupport {
        Ids() {
            super(SCHEMA);
        }

        @Override
        public void write(Object[] row) {
            consumer().startMessage();
            consumer().startField("id", 0);
            consumer().addLong((Long) row[0]);
            consumer().endField("id", 0);
            consumer().endMessage();
        }
    }

    @Test
    void writesRowsCompressedOverAnExistingFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rows.parquet");
        Files.writeString(file, "an older file");
        try (ParquetWriter<Object[]> w = RowWriterBuilder.of(new LocalOutputFile(file), new Ids())
                .withCompressionCodec(CompressionCodecName.ZSTD).build()) {
            for (long i = 0; i < 1000; i++) {
                w.write(new Object[] {i});
            }
        }
        ParquetReadOptions options = ParquetReadOptions.builder(new org.apache.parquet.conf.PlainParquetConfiguration())
                .withCodecFactory(new ParquetCodecs()).build();
        try (ParquetFileReader reader = new ParquetFileReader(new LocalInputFile(file), options)) {
            assertEquals(1000, reader.getRecordCount());
            assertEquals(CompressionCodecName.ZSTD, reader.getFooter().getBlocks().get(0).getColumns().get(0).getCodec());
        }
    }
}
