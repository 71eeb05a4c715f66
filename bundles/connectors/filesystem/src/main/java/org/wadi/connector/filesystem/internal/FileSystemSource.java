package org.wadi.connector.filesystem.internal;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.parquet.io.LocalInputFile;
import org.wadi.formats.BadData;
import org.wadi.formats.PayloadDecoder;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.types.Schema;

/**
 * One subtask of a filesystem source: reads the lines of the files it owns (JSON objects, Debezium
 * events or raw text), decompressing gzip and zstd, or the rows of Parquet files
 * ({@link ParquetSourceRows}, positions counted in rows), and finishes when they are all read — the
 * source is bounded, as Arroyo's.
 *
 * <p>The files are listed when the subtask opens; subtask {@code i} of {@code n} owns the files
 * whose name hashes to {@code i} ({@link SourcePositions#owner}), and reads them in name order. The
 * checkpoint state holds, per owned file, the lines emitted so far (or that it is done); on
 * restore the states of every old subtask are merged, so a file resumes after its last
 * checkpointed line at any new parallelism: nothing is lost, nothing read twice. Positions are
 * line counts, not byte offsets, so compressed files resume too (by reading and skipping).
 */
final class FileSystemSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(FileSystemSource.class);
    private static final int BATCH = 1024;
    private static final int BUFFER = 64 * 1024;

    private final String table;
    private final SourceConfig config;
    private final Schema schema;
    private final FileSystemConnector.FilesOpener opener;

    private SourceFiles files;
    private PayloadDecoder decoder;
    private final Deque<String> queue = new ArrayDeque<>();
    /** Every owned file started or done: lines emitted, or DONE. */
    private final Map<String, Long> positions = new TreeMap<>();
    private String current;
    private BufferedReader reader;
    /** With format = 'parquet': the rows of the current file and its local copy. */
    private ParquetSourceRows parquet;
    private SourceFiles.LocalCopy copy;
    private long line;

    FileSystemSource(String table, SourceConfig config, Schema schema, FileSystemConnector.FilesOpener opener) {
        this.table = table;
        this.config = config;
        this.schema = schema;
        this.opener = opener;
    }

    @Override
    public void open(SourceContext context) throws Exception {
        files = opener.open(config.path(), context.files());
        if (!config.raw() && !config.parquet()) {
            decoder = new PayloadDecoder("filesystem table '" + table + "'", schema, config.json(), config.badData());
        }
        Map<String, Long> restored = SourcePositions.merge(context.restoredStates());
        int subtask = context.task().subtaskIndex();
        int parallelism = context.task().parallelism();
        int skipped = 0;
        for (String name : files.list()) {
            if (config.regex() != null && !config.regex().matcher(name).find()) {
                continue;
            }
            if (SourcePositions.owner(name, parallelism) != subtask) {
                continue;
            }
            Long at = restored.get(name);
            if (at != null) {
                positions.put(name, at);
            }
            if (at != null && at == SourcePositions.DONE) {
                skipped++;
            } else {
                queue.add(name);
            }
        }
        LOG.info("filesystem source '{}' subtask {}/{}: {} files to read, {} read before the restored checkpoint",
                table, subtask, parallelism, queue.size(), skipped);
    }

    @Override
    public SourceStatus poll(Collector out) throws Exception {
        int emitted = 0;
        while (emitted < BATCH) {
            if (config.parquet()) {
                if (parquet == null && !nextParquetFile()) {
                    return SourceStatus.FINISHED;
                }
                emitted += emitParquet(out);
                continue;
            }
            if (reader == null && !nextFile()) {
                return SourceStatus.FINISHED;
            }
            String text;
            try {
                text = reader.readLine();
            } catch (IOException e) {
                throw new ConnectorException("filesystem table '" + table + "': cannot read " + files.describe(current)
                        + " after line " + line + ": " + e.getMessage(), e);
            }
            if (text == null) {
                positions.put(current, SourcePositions.DONE);
                closeReader();
                continue;
            }
            line++;
            positions.put(current, line);
            emitted += emit(text, out);
        }
        return SourceStatus.ACTIVE;
    }

    private int emit(String text, Collector out) throws ConnectorException {
        long timestamp = System.currentTimeMillis() * 1_000_000L;
        if (config.raw()) {
            out.collect(new Object[] {text, timestamp});
            return 1;
        }
        if (text.isBlank()) {
            return 0;
        }
        return decoder.decode(text, timestamp, files.describe(current) + " line " + line, out) ? 1 : 0;
    }

    /** Emits the next row of the current Parquet file; at its end, marks it done and closes it. */
    private int emitParquet(Collector out) throws Exception {
        Object[] row;
        try {
            row = parquet.next();
        } catch (IOException e) {
            throw new ConnectorException("filesystem table '" + table + "': cannot read " + files.describe(current)
                    + " after row " + line + ": " + e.getMessage(), e);
        } catch (ConnectorException e) {
            if (config.badData() != BadData.DROP) {
                throw e;
            }
            LOG.debug("filesystem source '{}': dropped a row: {}", table, e.getMessage());
            line++;
            positions.put(current, line);
            return 0;
        }
        if (row == null) {
            positions.put(current, SourcePositions.DONE);
            closeParquet();
            return 0;
        }
        line++;
        positions.put(current, line);
        Object[] withTime = java.util.Arrays.copyOf(row, row.length + 1);
        withTime[row.length] = System.currentTimeMillis() * 1_000_000L;
        out.collect(withTime);
        return 1;
    }

    /** Opens the next Parquet file, skipping rows already emitted; false when none is left. */
    private boolean nextParquetFile() throws Exception {
        String name = queue.poll();
        if (name == null) {
            return false;
        }
        long skip = positions.getOrDefault(name, 0L);
        String where = "filesystem table '" + table + "': " + files.describe(name);
        try {
            copy = files.local(name);
            parquet = ParquetSourceRows.open(new LocalInputFile(copy.path()), where, schema);
            parquet.skip(skip);
        } catch (IOException | RuntimeException e) {
            closeParquet();
            throw new ConnectorException(where + " cannot be read as Parquet: " + e.getMessage(), e);
        } catch (ConnectorException e) {
            closeParquet();
            throw e;
        }
        current = name;
        line = skip;
        positions.put(name, line);
        return true;
    }

    private void closeParquet() {
        try {
            if (parquet != null) {
                parquet.close();
            }
        } catch (IOException e) {
            LOG.debug("filesystem source '{}': closing {}: {}", table, current, e.toString());
        }
        parquet = null;
        try {
            if (copy != null) {
                copy.close();
            }
        } catch (IOException e) {
            LOG.warn("filesystem source '{}': cannot delete the local copy {}: {}", table, copy.path(), e.toString());
        }
        copy = null;
    }

    /** Opens the next file to read, skipping lines already emitted; false when none is left. */
    private boolean nextFile() throws Exception {
        String name = queue.poll();
        if (name == null) {
            return false;
        }
        long skip = positions.getOrDefault(name, 0L);
        InputStream in = null;
        try {
            in = files.open(name);
            in = decompress(name, new BufferedInputStream(in, BUFFER));
            reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER);
            current = name;
            line = 0;
            while (line < skip) {
                if (reader.readLine() == null) {
                    throw new ConnectorException("filesystem table '" + table + "': " + files.describe(name)
                            + " has only " + line + " lines, but " + skip + " were read from it before the restored "
                            + "checkpoint; was it replaced?");
                }
                line++;
            }
        } catch (IOException e) {
            if (in != null) {
                in.close();
            }
            reader = null;
            throw new ConnectorException("filesystem table '" + table + "': cannot read " + files.describe(name) + ": "
                    + e.getMessage(), e);
        }
        positions.put(name, line);
        return true;
    }

    private InputStream decompress(String name, InputStream in) throws IOException {
        return switch (config.compression().of(name)) {
            case GZIP -> new GZIPInputStream(in, BUFFER);
            case ZSTD -> new ZstdInputStream(in);
            default -> in;
        };
    }

    @Override
    public byte[] snapshot(long epoch) throws Exception {
        return new SourcePositions(SourcePositions.VERSION, positions).toBytes();
    }

    private void closeReader() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException e) {
                LOG.debug("filesystem source '{}': closing {}: {}", table, current, e.toString());
            }
            reader = null;
        }
    }

    @Override
    public void close() {
        closeReader();
        closeParquet();
        if (files != null) {
            files.close();
        }
    }
}
