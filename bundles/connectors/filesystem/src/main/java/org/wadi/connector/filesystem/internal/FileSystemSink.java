package org.wadi.connector.filesystem.internal;

import org.wadi.storage.FileNaming;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.connector.filesystem.internal.CommitState.PendingFile;
import org.wadi.formats.DebeziumJsonEncoder;
import org.wadi.formats.JsonRowEncoder;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.types.Schema;
import org.wadi.storage.MultipartUploads;
import org.wadi.storage.ObjectStore;

/**
 * One subtask of a filesystem sink: JSON lines or Parquet ({@link ParquetRows}) into a local
 * folder or an S3 prefix, exactly once, by two-phase commit with the checkpoints.
 *
 * <p>In an object store ({@code s3://bucket/prefix}) each file is a multipart upload: its bytes go
 * up in parts of {@code multipart.target_part_size} as they are written; {@link #preCommit}
 * uploads the rest as the last part and records the upload id and part tags; {@link #commit}
 * completes the upload, which makes the object appear whole (re-completing a completed upload
 * after a restore is a no-op). Uploads not in a checkpoint are aborted on close; those of a
 * crashed process stay invisible until the bucket's lifecycle rule for incomplete uploads drops
 * them.
 *
 * <p>Rows go into hidden in-progress files next to where they will be published
 * ({@code <folder>/<partition>/.<name>.<writer>.inprogress}), one open file per partition. A file
 * is closed when the rolling policy says so (size, age, inactivity, and with
 * {@code rolling_policy.watermark} once the watermark has passed its time partition) and, at every
 * checkpoint, in {@link #preCommit}: each file is flushed, fsynced and closed, and the returned
 * state lists every closed file not yet published with its length. {@link #commit} renames those files atomically to
 * their final names (in the same folder, so the rename is atomic) and fsyncs the folders. Closing
 * at each checkpoint, rather than keeping files open and recording a valid length, makes every row
 * written before checkpoint <i>n</i> visible as soon as <i>n</i> commits, keeps the recovery path a
 * plain rename of files that never grow again, and needs no truncation of files a reader might
 * see; the cost is at least one file per partition and checkpoint, as with Flink's roll-on-checkpoint
 * policy.
 *
 * <p>On {@link #open} with a restored state the sink re-commits it (idempotent: published files
 * are skipped) and deletes this subtask's other in-progress files: they hold rows written after
 * that checkpoint, which the sources replay. The writer tag in in-progress names (a hash of job
 * and operator, the subtask and a per-instance id) keeps the clean-up to this subtask's files and
 * lets {@link #close} delete only its own unfinished files.
 *
 * <p>Updating results (a changelog) are written only with {@code format = 'debezium_json'}, as
 * Debezium change events ({@link DebeziumJsonEncoder}); a plain {@code json} sink refuses them when
 * it opens. An event goes to the partition of the row it describes: the new row for {@code c} and
 * {@code u}, the old one for {@code d}. An update's old row waits in the encoder for its new one;
 * {@link #preCommit} and {@link #finish} first write a waiting old row as a delete, so that every
 * row received before a checkpoint is in that checkpoint's files and nothing is kept outside them.
 */
final class FileSystemSink implements Sink {

    private static final Logger LOG = LoggerFactory.getLogger(FileSystemSink.class);
    private static final String IN_PROGRESS = ".inprogress";
    private static final Pattern IN_PROGRESS_NAME =
            Pattern.compile("^\\..+\\.([0-9a-f]{8})-(\\d+)-([0-9a-f]{8})\\.inprogress$");
    private static final long SWEEP_NANOS = 1_000_000_000L;
    private static final int BUFFER = 16 * 1024;

    private final String table;
    private final SinkConfig config;
    private final Schema schema;
    private final LongSupplier nanoClock;
    private final LongSupplier epochMillis;
    private final boolean fsync;
    private final StoreOpener stores;
    private final boolean delta;
    private final DebeziumJsonEncoder.Events place = this::append;

    /** Opens the object store of an {@code s3://} path. */
    @FunctionalInterface
    interface StoreOpener {
        ObjectStore open(String path) throws Exception;
    }

    /** The object store written to, or {@code null} for a local folder. */
    private ObjectStore store;
    private MultipartUploads uploads;

    private JsonRowEncoder encoder;
    private ParquetRows parquetRows;
    private org.apache.parquet.hadoop.metadata.CompressionCodecName parquetCodec;
    private DebeziumJsonEncoder changes;
    /** The clock reading of the write (or flush) in progress, for the files its events go to. */
    private long now;
    private Partitioner partitioner;
    private FileNaming naming;
    private Path root;
    private int subtask;
    private String writerHash;
    private String writerTag;
    private long nextSerial;
    private long lastSweep;
    private long epoch;

    /** Open files by partition folder ("" when unpartitioned). */
    private final Map<String, OpenFile> open = new LinkedHashMap<>();
    /** Files closed by rolling since the last pre-commit: in no checkpoint yet. */
    private final List<PendingFile> rolled = new ArrayList<>();
    /** Files listed by a pre-commit and not yet published by a commit. */
    private final List<PendingFile> pending = new ArrayList<>();
    /** Folders whose entries changed since the last pre-commit. */
    private final Set<Path> dirty = new LinkedHashSet<>();

    /**
     * @param table the table's name, for messages
     * @param nanoClock a monotonic clock in nanoseconds (rolling by age and inactivity)
     * @param epochMillis wall-clock milliseconds (time-ordered file names)
     * @param fsync whether to force files and folders to disk; only tests that cannot observe a
     *     power loss turn it off
     */
    FileSystemSink(String table, SinkConfig config, Schema schema, LongSupplier nanoClock, LongSupplier epochMillis,
            boolean fsync, StoreOpener stores) {
        this(table, config, schema, nanoClock, epochMillis, fsync, stores, false);
    }

    /**
     * @param delta whether the Parquet files are a Delta table's ({@link ParquetRows#of(Schema, boolean)})
     */
    FileSystemSink(String table, SinkConfig config, Schema schema, LongSupplier nanoClock, LongSupplier epochMillis,
            boolean fsync, StoreOpener stores, boolean delta) {
        this.delta = delta;
        this.stores = stores;
        this.table = table;
        this.config = config;
        this.schema = schema;
        this.nanoClock = nanoClock;
        this.epochMillis = epochMillis;
        this.fsync = fsync;
    }

    @Override
    public void open(SinkContext context, byte[] restoredState) throws Exception {
        boolean updating = context.updating();
        if (config.parquet()) {
            if (updating) {
                throw new ConnectorException("filesystem table '" + table + "' with format = 'parquet' cannot take "
                        + "updating results (a changelog); write them with format = 'debezium_json'");
            }
            parquetRows = ParquetRows.of(schema, delta);
            parquetCodec = org.apache.parquet.hadoop.metadata.CompressionCodecName.valueOf(
                    config.parquetCompression().toUpperCase(java.util.Locale.ROOT));
        } else {
            config.format().checkWritable(FileSystemConnector.NAME, table, updating);
        }
        if (parquetRows != null) {
            // rows are written by the Parquet writer of their file
        } else if (config.format().debezium()) {
            changes = new DebeziumJsonEncoder(schema, config.format(), updating);
        } else {
            encoder = new JsonRowEncoder(schema, config.format());
        }
        partitioner = Partitioner.create(config, schema, updating);
        naming = new FileNaming(config.prefix(), config.suffix(), config.strategy(), epochMillis);
        if (Locations.isObjectStore(config.path())) {
            store = stores.open(config.path());
            uploads = store.multipartUploads().orElseThrow(() -> new ConnectorException("filesystem sink '" + table
                    + "': the store " + store.url() + " has no multipart uploads"));
        } else {
            root = context.files().resolve(config.path());
            Files.createDirectories(root);
            root = root.toRealPath();
        }
        subtask = context.task().subtaskIndex();
        writerHash = hash(context.task().jobId() + "/" + context.task().operatorId());
        writerTag = writerHash + "-" + subtask + "-" + UUID.randomUUID().toString().substring(0, 8);
        lastSweep = nanoClock.getAsLong();

        if (restoredState != null) {
            CommitState state = CommitState.fromBytes(restoredState);
            nextSerial = state.nextSerial();
            epoch = state.epoch();
            publish(state.files(), true);
        }
        if (store == null) {
            deleteStaleInProgressFiles();
        }
    }

    @Override
    public void write(Object[] row) throws Exception {
        now = nanoClock.getAsLong();
        if ((config.intervalNanos() > 0 || config.inactivityNanos() > 0) && now - lastSweep >= SWEEP_NANOS) {
            lastSweep = now;
            // close idle and old files of other partitions too, so they do not hold descriptors open
            for (Iterator<OpenFile> it = open.values().iterator(); it.hasNext(); ) {
                OpenFile f = it.next();
                if (f.expired(now)) {
                    it.remove();
                    roll(f);
                }
            }
        }
        if (parquetRows != null) {
            appendParquet(row);
        } else if (changes != null) {
            changes.encode(row, place);
        } else {
            append(encoder.encode(row), row);
        }
    }

    /**
     * Appends one encoded line to the file of {@code row}'s partition. It is encoded before the
     * file is opened: a row that cannot be written must not leave an empty file behind.
     */
    private void append(String json, Object[] row) throws IOException, ConnectorException {
        String dir = partitioner.directory(row);
        byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
        OpenFile file = open.get(dir);
        if (file != null && file.expired(now)) {
            open.remove(dir);
            roll(file);
            file = null;
        }
        if (file == null) {
            file = newFile(dir, now);
            open.put(dir, file);
        }
        noteEventTime(file, row);
        file.write(line, now);
        if ((config.fileSizeBytes() > 0 && file.length >= config.fileSizeBytes()) || file.full()) {
            open.remove(dir);
            roll(file);
        }
    }

    /** Writes one row into the Parquet file of its partition. */
    private void appendParquet(Object[] row) throws IOException, ConnectorException {
        String dir = partitioner.directory(row);
        OpenFile file = open.get(dir);
        if (file != null && file.expired(now)) {
            open.remove(dir);
            roll(file);
            file = null;
        }
        if (file == null) {
            file = newFile(dir, now);
            file.parquet = parquetRows.writer(file.stream(), parquetCodec, config.parquetRowGroupBytes());
            open.put(dir, file);
        }
        noteEventTime(file, row);
        file.parquet.write(row);
        file.lastWriteAt = now;
        if ((config.fileSizeBytes() > 0 && file.parquet.getDataSize() >= config.fileSizeBytes()) || file.full()) {
            open.remove(dir);
            roll(file);
        }
    }

    /** With {@code rolling_policy.watermark}: the file's time partition and latest event time. */
    private void noteEventTime(OpenFile file, Object[] row) {
        if (!config.rollOnWatermark()) {
            return;
        }
        long t = partitioner.eventTime(row);
        if (file.timeDirectory == null) {
            file.timeDirectory = partitioner.timeDirectory(t);
        }
        file.maxEventTime = Math.max(file.maxEventTime, t);
    }

    /**
     * With {@code rolling_policy.watermark}: rolls the open files of time partitions the watermark
     * has passed — those whose rows all lie at or before it, in a time folder other than the
     * watermark's own. With a pattern whose folders follow time ({@code %Y/%m/%d/%H}) that is every
     * partition that ended before the watermark; rows arriving late for it go into a new file. The
     * rolled files are published at the next checkpoint's commit, as every rolled file.
     */
    @Override
    public void watermark(long watermark) throws Exception {
        if (!config.rollOnWatermark() || open.isEmpty()) {
            return;
        }
        String current = partitioner.timeDirectory(watermark);
        for (Iterator<OpenFile> it = open.values().iterator(); it.hasNext(); ) {
            OpenFile f = it.next();
            if (f.timeDirectory != null && f.maxEventTime <= watermark && !f.timeDirectory.equals(current)) {
                it.remove();
                roll(f);
            }
        }
    }

    @Override
    public byte[] preCommit(long epoch) throws Exception {
        flushChanges();
        rollAll();
        syncDirs(dirty);
        dirty.clear();
        pending.addAll(rolled);
        rolled.clear();
        this.epoch = epoch;
        return new CommitState(CommitState.VERSION, epoch, subtask, nextSerial, pending).toBytes();
    }

    @Override
    public void commit(long epoch, byte[] preCommitted) throws Exception {
        if (preCommitted == null) {
            return;
        }
        List<PendingFile> files = CommitState.fromBytes(preCommitted).files();
        publish(files, false);
        pending.removeAll(files);
    }

    @Override
    public void finish() throws Exception {
        finishAndList();
    }

    /** As {@link #finish}, returning the files it published (for a table format's log). */
    List<PendingFile> finishAndList() throws Exception {
        flushChanges();
        rollAll();
        syncDirs(dirty);
        dirty.clear();
        pending.addAll(rolled);
        rolled.clear();
        publish(pending, false);
        List<PendingFile> published = List.copyOf(pending);
        pending.clear();
        return published;
    }

    /** The epoch of the last pre-commit or of the restored checkpoint. */
    long epoch() {
        return epoch;
    }

    @Override
    public void close() throws Exception {
        // unpublished files that no checkpoint lists hold rows the sources will replay: drop them
        if (store != null) {
            for (OpenFile f : open.values()) {
                f.abandon();
            }
            open.clear();
            for (PendingFile f : rolled) {
                abort(f.target(), f.uploadId());
            }
            rolled.clear();
            store.close();
            return;
        }
        List<Path> unlisted = new ArrayList<>();
        for (OpenFile f : open.values()) {
            f.abandon();
            unlisted.add(((LocalFile) f).inProgress);
        }
        open.clear();
        for (PendingFile f : rolled) {
            unlisted.add(inside(f.inProgress()));
        }
        rolled.clear();
        for (Path p : unlisted) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.warn("filesystem sink '{}': cannot delete the unfinished file {}: {}", table, p, e.toString());
            }
        }
    }

    /** Writes an update's old row still waiting for its new one, as a delete. */
    private void flushChanges() throws Exception {
        if (changes != null) {
            now = nanoClock.getAsLong();
            changes.flush(place);
        }
    }

    /** Files currently open for writing (for tests). */
    int openFiles() {
        return open.size();
    }

    private void rollAll() throws IOException {
        for (OpenFile f : open.values()) {
            roll(f);
        }
        open.clear();
    }

    private void roll(OpenFile f) throws IOException {
        if (f.parquet != null) {
            // writes the last row group and the footer through the file's stream
            f.parquet.close();
            f.parquet = null;
        }
        rolled.add(f.finish());
    }

    private void abort(String key, String uploadId) {
        try {
            uploads.abort(key, uploadId);
        } catch (IOException e) {
            LOG.warn("filesystem sink '{}': cannot abort the upload of {}: {}", table, key, e.toString());
        }
    }

    private OpenFile newFile(String dir, long now) throws IOException, ConnectorException {
        if (store != null) {
            for (int attempt = 0; ; attempt++) {
                String name = naming.name(nextSerial, subtask);
                if (naming.strategy() == FileNaming.Strategy.SERIAL) {
                    nextSerial++;
                }
                String key = dir.isEmpty() ? name : dir + "/" + name;
                if (store.exists(key)) {
                    if (attempt > 1_000_000) {
                        throw new ConnectorException("filesystem sink '" + table + "': no free file name in " + dir);
                    }
                    continue;
                }
                return new UploadFile(key, uploads.start(key), now);
            }
        }
        Path folder = dir.isEmpty() ? root : inside(dir);
        if (!Files.isDirectory(folder)) {
            Path existing = folder;
            while (existing != null && !Files.exists(existing)) {
                dirty.add(existing.getParent());
                existing = existing.getParent();
            }
            Files.createDirectories(folder);
        }
        dirty.add(folder);
        // skip names that exist: a serial restarted from scratch must not overwrite files published earlier
        for (int attempt = 0; ; attempt++) {
            String name = naming.name(nextSerial, subtask);
            if (naming.strategy() == FileNaming.Strategy.SERIAL) {
                nextSerial++;
            }
            Path target = folder.resolve(name);
            Path inProgress = folder.resolve("." + name + "." + writerTag + IN_PROGRESS);
            if (Files.exists(target) || Files.exists(inProgress)) {
                if (attempt > 1_000_000) {
                    throw new ConnectorException("filesystem sink '" + table + "': no free file name in " + folder);
                }
                continue;
            }
            FileChannel channel;
            try {
                channel = FileChannel.open(inProgress, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            return new LocalFile(inProgress, target, channel, now);
        }
    }

    /**
     * Publishes closed files: renames each in-progress file to its name. Idempotent: a file
     * already published is skipped.
     *
     * @param recovery whether these files come from a restored checkpoint, where a file found
     *     neither in progress nor published was most likely removed by a consumer since
     */
    private void publish(List<PendingFile> files, boolean recovery) throws IOException, ConnectorException {
        Set<Path> dirs = new LinkedHashSet<>();
        for (PendingFile f : files) {
            if (f.uploadId() != null) {
                if (!uploads.complete(f.target(), f.uploadId(), f.parts()) && !recovery) {
                    LOG.info("filesystem sink '{}': {} was completed before", table, f.target());
                }
                continue;
            }
            Path inProgress = inside(f.inProgress());
            Path target = inside(f.target());
            if (Files.exists(inProgress)) {
                long size = Files.size(inProgress);
                if (size < f.length()) {
                    throw new ConnectorException("filesystem sink '" + table + "': " + inProgress + " holds " + size
                            + " bytes but checkpoint " + epoch + " recorded " + f.length() + "; rows were lost");
                }
                if (size > f.length()) {
                    try (FileChannel c = FileChannel.open(inProgress, StandardOpenOption.WRITE)) {
                        c.truncate(f.length());
                        if (fsync) {
                            c.force(true);
                        }
                    }
                }
                if (Files.exists(target)) {
                    throw new ConnectorException("filesystem sink '" + table + "': cannot publish " + inProgress
                            + " as " + target + ", which already exists (written by another job?). Give each job "
                            + "its own folder or '" + SinkConfig.PREFIX + "', or use '" + SinkConfig.STRATEGY
                            + "' = 'uuid'");
                }
                try {
                    Files.move(inProgress, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (NoSuchFileException e) {
                    // after a rescale two new subtasks may restore the same old state: the other one
                    // published it first
                    if (!Files.exists(target)) {
                        throw e;
                    }
                }
                dirs.add(target.getParent());
            } else if (!Files.exists(target)) {
                if (!recovery) {
                    throw new ConnectorException("filesystem sink '" + table + "': the pre-committed file "
                            + inProgress + " is gone and " + target + " was never published; rows were lost");
                }
                LOG.warn("filesystem sink '{}': restored file {} is neither in progress nor published; assuming it "
                        + "was published and removed since", table, target);
            }
        }
        syncDirs(dirs);
    }

    /** Deletes this subtask's in-progress files left by earlier instances: rows after the restored checkpoint. */
    private void deleteStaleInProgressFiles() throws IOException {
        List<Path> stale = new ArrayList<>();
        // other subtasks publish (rename) their files in the same folders meanwhile: a file gone
        // between listing its folder and reading its attributes is not this subtask's, and is skipped
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
                String name = p.getFileName() == null ? "" : p.getFileName().toString();
                Matcher m = IN_PROGRESS_NAME.matcher(name);
                if (name.endsWith(IN_PROGRESS) && m.matches() && m.group(1).equals(writerHash)
                        && m.group(2).equals(Integer.toString(subtask)) && attrs.isRegularFile()) {
                    stale.add(p);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        for (Path p : stale) {
            try {
                Files.deleteIfExists(p);
            } catch (NoSuchFileException ignored) {
                // another instance of this subtask shutting down removed it first
            }
        }
        if (!stale.isEmpty()) {
            LOG.info("filesystem sink '{}' subtask {}: deleted {} in-progress files written after the restored "
                    + "checkpoint", table, subtask, stale.size());
        }
    }

    /** A path under the root from a relative one, refusing anything that would leave it. */
    private Path inside(String relative) throws ConnectorException {
        if (relative.isEmpty() || relative.startsWith("/") || relative.contains("\\")) {
            throw new ConnectorException("filesystem sink '" + table + "': bad relative path '" + relative + "'");
        }
        for (String segment : relative.split("/")) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new ConnectorException("filesystem sink '" + table + "': bad relative path '" + relative
                        + "'");
            }
        }
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root)) {
            throw new ConnectorException("filesystem sink '" + table + "': path '" + relative + "' leaves " + root);
        }
        return p;
    }

    private String relative(Path p) {
        return root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
    }

    private void syncDirs(Set<Path> dirs) {
        if (!fsync) {
            return;
        }
        for (Path d : dirs) {
            // a folder's fsync makes the names in it (new files, renames) survive a power loss
            try (FileChannel c = FileChannel.open(d, StandardOpenOption.READ)) {
                c.force(true);
            } catch (IOException e) {
                LOG.debug("filesystem sink '{}': cannot fsync folder {}: {}", table, d, e.toString());
            }
        }
    }

    static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A file being written, until it is rolled. */
    private abstract class OpenFile {
        final long openedAt;
        long lastWriteAt;
        long length;
        /** The time folders of its rows, with {@code rolling_policy.watermark}; null before the first row. */
        String timeDirectory;
        /** The latest event time written into it, with {@code rolling_policy.watermark}. */
        long maxEventTime = Long.MIN_VALUE;
        /** The Parquet writer of this file, with {@code format = 'parquet'}. */
        org.apache.parquet.hadoop.ParquetWriter<Object[]> parquet;

        OpenFile(long now) {
            this.openedAt = now;
            this.lastWriteAt = now;
        }

        void write(byte[] line, long now) throws IOException {
            writeBytes(line, 0, line.length);
            length += line.length;
            lastWriteAt = now;
        }

        /** Appends bytes to the file. */
        abstract void writeBytes(byte[] b, int off, int len) throws IOException;

        /** The file as a stream, for the Parquet writer; closing it does nothing. */
        OutputStream stream() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    writeBytes(b, off, len);
                    length += len;
                }
            };
        }

        boolean expired(long now) {
            return (config.intervalNanos() > 0 && now - openedAt >= config.intervalNanos())
                    || (config.inactivityNanos() > 0 && now - lastWriteAt >= config.inactivityNanos());
        }

        /** Whether the file can take no more (an upload at its most parts). */
        boolean full() {
            return false;
        }

        /** Closes the file: every byte is durable, waiting to be published. */
        abstract PendingFile finish() throws IOException;

        /** Drops the file: nothing of it is published. */
        abstract void abandon();
    }

    /** An in-progress file in a local folder. */
    private final class LocalFile extends OpenFile {
        final Path inProgress;
        final Path target;
        final FileChannel channel;
        final OutputStream out;

        LocalFile(Path inProgress, Path target, FileChannel channel, long now) {
            super(now);
            this.inProgress = inProgress;
            this.target = target;
            this.channel = channel;
            this.out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
        }

        @Override
        void writeBytes(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        PendingFile finish() throws IOException {
            try {
                out.flush();
                if (fsync) {
                    channel.force(true);
                }
            } finally {
                channel.close();
            }
            return new PendingFile(relative(inProgress), relative(target), length);
        }

        @Override
        void abandon() {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("filesystem sink '{}': closing {}: {}", table, inProgress, e.toString());
            }
        }
    }

    /** A multipart upload to an object store: parts go up as they fill. */
    private final class UploadFile extends OpenFile {
        final String key;
        final String uploadId;
        final List<String> parts = new ArrayList<>();
        final byte[] buffer;
        int buffered;

        UploadFile(String key, String uploadId, long now) {
            super(now);
            this.key = key;
            this.uploadId = uploadId;
            this.buffer = new byte[Math.toIntExact(config.partSize())];
        }

        @Override
        void writeBytes(byte[] b, int off, int len) throws IOException {
            int at = off;
            int end = off + len;
            while (at < end) {
                int n = Math.min(end - at, buffer.length - buffered);
                System.arraycopy(b, at, buffer, buffered, n);
                buffered += n;
                at += n;
                if (buffered == buffer.length) {
                    uploadBuffer();
                }
            }
        }

        private void uploadBuffer() throws IOException {
            parts.add(uploads.uploadPart(key, uploadId, parts.size() + 1, buffer, buffered));
            buffered = 0;
        }

        @Override
        boolean full() {
            // the last part goes at the roll
            return parts.size() >= config.maxParts() - 1;
        }

        @Override
        PendingFile finish() throws IOException {
            if (buffered > 0 || parts.isEmpty()) {
                uploadBuffer();
            }
            return new PendingFile(null, key, length, uploadId, parts);
        }

        @Override
        void abandon() {
            abort(key, uploadId);
        }
    }
}
