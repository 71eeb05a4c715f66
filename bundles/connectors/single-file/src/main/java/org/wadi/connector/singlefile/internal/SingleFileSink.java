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
 */
final class SingleFileSink implements Sink {

    private final String path;
    private final JsonRowEncoder encoder;

    private FileChannel channel;
    private OutputStream out;

    SingleFileSink(String path, Schema schema, JsonFormat format) {
        this.path = path;
        this.encoder = new JsonRowEncoder(schema, format);
    }

    /** The file a subtask writes. */
    static String subtaskPath(String path, int subtask, int parallelism) {
        return parallelism > 1 && subtask > 0 ? path + "." + subtask : path;
    }

    @Override
    public void open(SinkContext context, byte[] restoredState) throws Exception {
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
    public void write(Object[] row) throws IOException {
        out.write(encoder.encode(row).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    @Override
    public byte[] preCommit(long epoch) throws IOException {
        out.flush();
        channel.force(false);
        return ByteBuffer.allocate(Long.BYTES).putLong(channel.size()).array();
    }

    @Override
    public void finish() throws IOException {
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
