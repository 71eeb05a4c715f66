package org.wadi.connector.singlefile.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.formats.BadData;
import org.wadi.formats.DebeziumJsonDecoder;
import org.wadi.formats.JsonFormat;
import org.wadi.formats.JsonRowDecoder;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.types.RowKind;
import org.wadi.spi.types.Schema;

/**
 * Reads a file of JSON lines, once, in subtask 0 (other subtasks finish at once, as in Arroyo).
 * Each row's event time is the time it was read. The checkpointed position is the byte offset
 * and the number of lines read.
 *
 * <p>With {@code format = 'debezium_json'} each line is a Debezium change event and the source
 * emits a changelog ({@link DebeziumJsonDecoder}): rows of the columns, then {@code _op} (a
 * {@link RowKind}), then {@code _timestamp}; an update's two rows are emitted together, in one poll.
 */
final class SingleFileSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(SingleFileSource.class);
    private static final int LINES_PER_POLL = 1024;
    private static final int STATE_BYTES = 16;

    private final String table;
    private final String path;
    private final JsonRowDecoder decoder;
    private final DebeziumJsonDecoder changes;
    private final DebeziumJsonDecoder.Changes emit = this::emit;
    private final int columns;
    private final boolean waitForControl;
    private final BadData badData;

    private FileChannel channel;
    private InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private long offset;
    private long lines;
    private long dropped;
    private boolean done;
    /** Where the change events of the poll in progress go, and when their line was read. */
    private Collector target;
    private long readAt;

    /** @param format the table's JSON options; Debezium change events are read into a changelog */
    SingleFileSource(String table, String path, Schema schema, JsonFormat format, boolean waitForControl,
            BadData badData) {
        this.table = table;
        this.path = path;
        boolean debezium = format.debezium();
        this.decoder = debezium ? null : new JsonRowDecoder(schema, format);
        this.changes = debezium ? new DebeziumJsonDecoder(schema, format) : null;
        this.columns = schema.visible().size();
        this.waitForControl = waitForControl;
        this.badData = badData;
    }

    @Override
    public void open(SourceContext context) throws ConnectorException, IOException {
        if (context.task().subtaskIndex() != 0) {
            done = true;
            return;
        }
        Path file = context.files().resolve(path);
        byte[] restored = context.restoredState();
        if (restored != null && restored.length == STATE_BYTES) {
            ByteBuffer b = ByteBuffer.wrap(restored);
            offset = b.getLong();
            lines = b.getLong();
        }
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ConnectorException("single_file table '" + table + "': file '" + path + "' (" + file
                    + ") does not exist");
        }
        channel.position(offset);
        in = new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024);
    }

    @Override
    public SourceStatus poll(Collector out) throws ConnectorException, IOException {
        if (done) {
            return SourceStatus.FINISHED;
        }
        int budget = waitForControl ? 1 : LINES_PER_POLL;
        int emitted = 0;
        while (emitted < budget) {
            String text = readLine();
            if (text == null) {
                done = true;
                if (dropped > 0) {
                    LOG.warn("single_file table '{}': dropped {} lines that could not be decoded", table, dropped);
                }
                return SourceStatus.FINISHED;
            }
            if (text.isBlank()) {
                continue;
            }
            Instant now = Instant.now();
            readAt = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            try {
                if (changes != null) {
                    target = out;
                    changes.decode(text, lines, emit);
                } else {
                    Object[] values = decoder.decode(text, lines);
                    Object[] row = new Object[columns + 1];
                    System.arraycopy(values, 0, row, 0, columns);
                    row[columns] = readAt;
                    out.collect(row);
                }
            } catch (ConnectorException e) {
                if (badData == BadData.FAIL) {
                    throw new ConnectorException("single_file table '" + table + "', file '" + path + "': "
                            + e.getMessage(), e);
                }
                dropped++;
                continue;
            }
            emitted++;
        }
        return SourceStatus.ACTIVE;
    }

    /** Emits one changelog row of a change event: the columns, {@code _op}, {@code _timestamp}. */
    private void emit(int kind, Object[] values) {
        Object[] row = new Object[columns + 2];
        System.arraycopy(values, 0, row, 0, columns);
        row[columns] = RowKind.of(kind);
        row[columns + 1] = readAt;
        target.collect(row);
    }

    /** The next line without its terminator, or null at the end of the file; advances offset and lines. */
    private String readLine() throws IOException {
        line.reset();
        int c;
        boolean any = false;
        while ((c = in.read()) >= 0) {
            any = true;
            offset++;
            if (c == '\n') {
                break;
            }
            line.write(c);
        }
        if (!any) {
            return null;
        }
        lines++;
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public byte[] snapshot(long epoch) {
        return ByteBuffer.allocate(STATE_BYTES).putLong(offset).putLong(lines).array();
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
