package org.wadi.connector.singlefile.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.wadi.formats.DebeziumJsonEncoder;
import org.wadi.formats.JsonFormat;
import org.wadi.formats.JsonRowEncoder;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.types.Schema;

/**
 * Writes JSON lines to one file, as Arroyo's single-file sink: a fresh start truncates the file; a
 * restore cuts it back to the length recorded at the checkpoint and appends from there, so a
 * recovered job does not repeat lines. Arroyo lets every subtask open the same file, which
 * corrupts it above parallelism 1; here subtask 0 writes the path itself and subtask {@code i > 0}
 * writes {@code <path>.<i>}, so each file has one writer and its own checkpointed length.
 *
 * <p>With {@code format = 'debezium_json'} each row is a Debezium change event
 * ({@link DebeziumJsonEncoder}); updating results are refused in plain {@code json} when the sink
 * opens. An update's old row waiting for its new one is written as a delete at checkpoints and at
 * the end of the input, so that the checkpointed length covers every row received before it.
 */
final class SingleFileSink implements Sink {

    private final String table;
    private final String path;
    private final Schema schema;
    private final JsonFormat format;
    private final DebeziumJsonEncoder.Events line = (json, row) -> writeLine(json);

    private JsonRowEncoder encoder;
    private DebeziumJsonEncoder changes;
    private FileChannel channel;
    private OutputStream out;

    SingleFileSink(String table, String path, Schema schema, JsonFormat format) {
        this.table = table;
        this.path = path;
        this.schema = schema;
        this.format = format;
    }

    /** The file a subtask writes. */
    static String subtaskPath(String path, int subtask, int parallelism) {
        return parallelism > 1 && subtask > 0 ? path + "." + subtask : path;
    }

    @Override
    public void open(SinkContext context, byte[] restoredState) throws Exception {
        boolean updating = context.updating();
        format.checkWritable(SingleFileConnector.NAME, table, updating);
        if (format.debezium()) {
            changes = new DebeziumJsonEncoder(schema, format, updating);
        } else {
            encoder = new JsonRowEncoder(schema, format);
        }
        Path file = context.files().resolve(subtaskPath(path, context.task().subtaskIndex(),
                context.task().parallelism()));
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long keep = restoredState != null && restoredState.length == Long.BYTES
                ? ByteBuffer.wrap(restoredState).getLong() : 0;
        channel.truncate(keep);
        channel.position(channel.size());
        out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
    }

    @Override
    public void write(Object[] row) throws Exception {
        if (changes != null) {
            changes.encode(row, line);
        } else {
            writeLine(encoder.encode(row));
        }
    }

    private void writeLine(String json) throws IOException {
        out.write(json.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    /** Writes an update's old row still waiting for its new one, as a delete. */
    private void flushChanges() throws Exception {
        if (changes != null) {
            changes.flush(line);
        }
    }

    @Override
    public byte[] preCommit(long epoch) throws Exception {
        flushChanges();
        out.flush();
        channel.force(false);
        return ByteBuffer.allocate(Long.BYTES).putLong(channel.size()).array();
    }

    @Override
    public void finish() throws Exception {
        flushChanges();
        out.flush();
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            try {
                out.flush();
            } finally {
                channel.close();
            }
        }
    }
}
