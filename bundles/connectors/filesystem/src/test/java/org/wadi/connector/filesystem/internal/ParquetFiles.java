package org.wadi.connector.filesystem.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.wadi.connector.parquet.ParquetCodecs;

/** Reads Parquet files back with parquet-java's own reader, for assertions. */
final class ParquetFiles {

    /** A file's schema, codecs and rows. */
    record Contents(MessageType schema, List<CompressionCodecName> codecs, List<Group> rows) {
    }

    private ParquetFiles() {
    }

    static Contents read(Path file) throws IOException {
        return read(new LocalInputFile(file), new ParquetCodecs());
    }

    static Contents read(InputFile file, CompressionCodecFactory codecs) throws IOException {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(codecs).build();
        List<Group> rows = new ArrayList<>();
        List<CompressionCodecName> used = new ArrayList<>();
        try (ParquetFileReader reader = ParquetFileReader.open(file, options)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            reader.getFooter().getBlocks().forEach(b -> b.getColumns().forEach(c -> used.add(c.getCodec())));
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    rows.add(records.read());
                }
            }
            return new Contents(schema, used, rows);
        }
    }
}
