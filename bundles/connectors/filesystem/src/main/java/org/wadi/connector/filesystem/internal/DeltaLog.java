package org.wadi.connector.filesystem.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.wadi.connector.filesystem.internal.CommitState.PendingFile;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.storage.ConditionalWritesUnsupportedException;
import org.wadi.storage.ObjectStore;

/**
 * A Delta table's transaction log ({@code _delta_log/NNNNNNNNNNNNNNNNNNNN.json}), written as the
 * Delta protocol describes it (reader version 1, writer version 2): a table is created with a
 * {@code protocol} and a {@code metaData} action; each commit adds files ({@code add}, with their
 * partition values) and records the writer's progress in a {@code txn} action — application id
 * and version — so that committing the same checkpoint again after a restore adds nothing: a
 * commit whose application already reached that version is skipped.
 *
 * <p>Commits are optimistic, as Delta's: the next version is created only if it does not exist
 * (in a folder, a hard link of a complete temporary file, which fails when the name is taken; in
 * an object store, {@link ObjectStore#putIfAbsent}, in S3 a conditional write); a writer that
 * loses the race reads the commits it missed — if one holds its own transaction it is done — and
 * tries the next version.
 *
 * <p>Only the JSON commits are read (for the table's schema and the transactions); Wadi writes
 * no checkpoint files. Transactions recorded only in a checkpoint of another writer, after their
 * JSON commits were cleaned up, are not seen.
 */
final class DeltaLog {

    static final String LOG = "_delta_log";
    private static final Pattern COMMIT = Pattern.compile("^(\\d{20})\\.json$");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Where the log lives: a local folder or an object store's root. */
    interface Storage {
        /** The versions of the JSON commits there are, ascending. */
        List<Long> versions() throws IOException;

        byte[] read(long version) throws IOException;

        /** Writes a commit unless that version exists; false when it does. */
        boolean create(long version, byte[] commit) throws IOException;

        /** Where, for messages. */
        String describe();
    }

    private final String table;
    private final Storage storage;
    private final LongSupplier epochMillis;
    /** The highest version read so far, or -1. */
    private long seen = -1;
    /** Per application id, the highest transaction version in the commits read. */
    private final Map<String, Long> transactions = new HashMap<>();
    private JsonNode metaData;

    DeltaLog(String table, Storage storage, LongSupplier epochMillis) {
        this.table = table;
        this.storage = storage;
        this.epochMillis = epochMillis;
    }

    static String name(long version) {
        return String.format("%020d.json", version);
    }

    /**
     * Reads the log, creating the table (version 0: protocol and metadata) when there is none,
     * and checks that an existing table's columns are the sink's.
     */
    void open(Schema schema, List<String> partitionColumns) throws IOException, ConnectorException {
        ObjectNode wanted = schemaJson(schema);
        catchUp();
        if (seen < 0) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            line(out, MAPPER.createObjectNode().set("protocol", MAPPER.createObjectNode()
                    .put("minReaderVersion", 1).put("minWriterVersion", 2)));
            ObjectNode meta = MAPPER.createObjectNode();
            meta.put("id", UUID.randomUUID().toString());
            meta.set("format", MAPPER.createObjectNode().put("provider", "parquet")
                    .set("options", MAPPER.createObjectNode()));
            meta.put("schemaString", MAPPER.writeValueAsString(wanted));
            ArrayNode partitions = meta.putArray("partitionColumns");
            partitionColumns.forEach(partitions::add);
            meta.set("configuration", MAPPER.createObjectNode());
            meta.put("createdTime", epochMillis.getAsLong());
            line(out, MAPPER.createObjectNode().set("metaData", meta));
            line(out, commitInfo("CREATE TABLE", null));
            storage.create(0, out.toByteArray());
            catchUp();
        }
        if (metaData == null) {
            return;
        }
        JsonNode existing = MAPPER.readTree(metaData.path("schemaString").asText("{}"));
        if (!columns(existing).equals(columns(wanted))) {
            throw new ConnectorException("delta table '" + table + "' at " + storage.describe() + " has the columns "
                    + columns(existing) + ", but the sink writes " + columns(wanted)
                    + "; write to a new path or give the table the same columns");
        }
        List<String> existingPartitions = new ArrayList<>();
        metaData.path("partitionColumns").forEach(p -> existingPartitions.add(p.asText()));
        if (!existingPartitions.equals(partitionColumns)) {
            throw new ConnectorException("delta table '" + table + "' at " + storage.describe()
                    + " is partitioned by " + existingPartitions + ", but the sink partitions by " + partitionColumns
                    + " ('" + SinkConfig.FIELDS + "')");
        }
    }

    /**
     * Fails now, rather than at the first checkpoint, if the storage cannot take several writers:
     * creates the newest version again with the bytes it holds — refused as existing by a store
     * that writes conditionally, and harmless even if it were not.
     */
    void checkConcurrentWriters() throws IOException {
        if (seen >= 0) {
            storage.create(seen, storage.read(seen));
        }
    }

    private static List<String> columns(JsonNode schema) {
        List<String> out = new ArrayList<>();
        schema.path("fields").forEach(f -> out.add(f.path("name").asText() + " " + f.path("type")));
        return out;
    }

    /** The highest transaction version of an application, or -1. */
    long transaction(String appId) {
        return transactions.getOrDefault(appId, -1L);
    }

    /**
     * Commits files as transaction {@code version} of {@code appId}, unless the log already holds
     * that transaction (or a later one).
     *
     * @param files the files, paths relative to the table's root with {@code /}
     * @param partitionColumns the table's partition columns, whose values are read from the paths
     * @return the Delta version written, or -1 when the transaction was committed before
     */
    long commit(String appId, long version, List<PendingFile> files, List<String> partitionColumns)
            throws IOException, ConnectorException {
        for (int attempt = 0; ; attempt++) {
            catchUp();
            if (transaction(appId) >= version) {
                return -1;
            }
            long next = seen + 1;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            line(out, commitInfo("STREAMING UPDATE", appId + "@" + version));
            line(out, MAPPER.createObjectNode().set("txn", MAPPER.createObjectNode().put("appId", appId)
                    .put("version", version).put("lastUpdated", epochMillis.getAsLong())));
            for (PendingFile f : files) {
                ObjectNode add = MAPPER.createObjectNode();
                add.put("path", encodePath(f.target()));
                ObjectNode values = add.putObject("partitionValues");
                partitionValues(f.target(), partitionColumns).forEach(values::put);
                add.put("size", f.length());
                add.put("modificationTime", epochMillis.getAsLong());
                add.put("dataChange", true);
                line(out, MAPPER.createObjectNode().set("add", add));
            }
            if (storage.create(next, out.toByteArray())) {
                seen = next;
                transactions.merge(appId, version, Math::max);
                return next;
            }
            if (attempt > 1000) {
                throw new ConnectorException("delta table '" + table + "' at " + storage.describe()
                        + ": no free log version after 1000 attempts; too many concurrent writers");
            }
        }
    }

    /** Reads the commits written since the last read. */
    private void catchUp() throws IOException, ConnectorException {
        for (long v : storage.versions()) {
            if (v <= seen) {
                continue;
            }
            String text = new String(storage.read(v), StandardCharsets.UTF_8);
            try (BufferedReader lines = new BufferedReader(new StringReader(text))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode action = MAPPER.readTree(line);
                    if (action.has("metaData")) {
                        metaData = action.get("metaData");
                    } else if (action.has("txn")) {
                        JsonNode txn = action.get("txn");
                        transactions.merge(txn.path("appId").asText(), txn.path("version").asLong(), Math::max);
                    } else if (action.has("protocol")) {
                        int reader = action.get("protocol").path("minReaderVersion").asInt();
                        int writer = action.get("protocol").path("minWriterVersion").asInt();
                        if (writer > 2 || reader > 1) {
                            throw new ConnectorException("delta table '" + table + "' at " + storage.describe()
                                    + " needs Delta reader version " + reader + " and writer version " + writer
                                    + "; this sink writes tables of reader version 1 and writer version 2 only");
                        }
                    }
                }
            } catch (IOException e) {
                throw new ConnectorException("delta table '" + table + "': " + storage.describe() + "/" + LOG + "/"
                        + name(v) + " is not a Delta commit (" + e.getMessage() + ")", e);
            }
            seen = v;
        }
    }

    private ObjectNode commitInfo(String operation, String txn) {
        ObjectNode info = MAPPER.createObjectNode();
        info.put("timestamp", epochMillis.getAsLong());
        info.put("operation", operation);
        ObjectNode params = info.putObject("operationParameters");
        if (txn != null) {
            params.put("transaction", txn);
        }
        info.put("isBlindAppend", true);
        info.put("engineInfo", "Wadi");
        return MAPPER.createObjectNode().set("commitInfo", info);
    }

    private static void line(ByteArrayOutputStream out, JsonNode action) throws IOException {
        out.write(MAPPER.writeValueAsBytes(action));
        out.write('\n');
    }

    /** A relative file path as the URI path Delta's {@code add.path} holds (Hive's %XX escapes become %25XX). */
    static String encodePath(String relative) {
        try {
            return new URI(null, null, relative, null).getRawPath();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("file path '" + relative + "' cannot be a URI path", e);
        }
    }

    /** The values of the partition columns, from the {@code name=value} folders of a path. */
    static Map<String, String> partitionValues(String relative, List<String> partitionColumns) {
        Map<String, String> values = new LinkedHashMap<>();
        if (partitionColumns.isEmpty()) {
            return values;
        }
        Map<String, String> found = new HashMap<>();
        String[] segments = relative.split("/");
        for (int i = 0; i < segments.length - 1; i++) {
            int eq = segments[i].indexOf('=');
            if (eq > 0) {
                found.put(unescape(segments[i].substring(0, eq)), segments[i].substring(eq + 1));
            }
        }
        for (String column : partitionColumns) {
            String raw = found.get(column);
            values.put(column, raw == null || raw.equals(Partitioner.DEFAULT_PARTITION) ? null : unescape(raw));
        }
        return values;
    }

    /** Undoes {@link Partitioner#escape}. */
    static String unescape(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The Delta schema of a table's columns, in the types {@link ParquetRows#of(Schema, boolean)} writes. */
    static ObjectNode schemaJson(Schema schema) throws ConnectorException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("type", "struct");
        ArrayNode fields = root.putArray("fields");
        for (Field f : schema.fields()) {
            ObjectNode field = fields.addObject();
            field.put("name", f.name());
            field.put("type", deltaType(f));
            field.put("nullable", true);
            field.putObject("metadata");
        }
        return root;
    }

    private static String deltaType(Field f) throws ConnectorException {
        DataType t = f.type();
        return switch (t.id()) {
            case BOOLEAN -> "boolean";
            case INT8 -> "byte";
            case INT16, UINT8 -> "short";
            case INT32, UINT16 -> "integer";
            case INT64, UINT32 -> "long";
            case UINT64 -> "decimal(20,0)";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case DECIMAL -> "decimal(" + t.precision() + "," + t.scale() + ")";
            case UTF8, JSON -> "string";
            case BINARY -> "binary";
            case TIMESTAMP -> "timestamp";
            case DATE -> "date";
            default -> throw new ConnectorException("Column '" + f.name() + "' has type " + t + ", which connector "
                    + "'delta' cannot write; cast it to a type Delta has (e.g. TEXT)");
        };
    }

    /** The log in a local folder: commits created by hard-linking a complete temporary file. */
    static Storage local(Path root, boolean fsync) {
        Path log = root.resolve(LOG);
        return new Storage() {
            @Override
            public List<Long> versions() throws IOException {
                List<Long> out = new ArrayList<>();
                if (!Files.isDirectory(log)) {
                    return out;
                }
                try (Stream<Path> files = Files.list(log)) {
                    files.forEach(p -> {
                        Matcher m = COMMIT.matcher(p.getFileName().toString());
                        if (m.matches()) {
                            out.add(Long.parseLong(m.group(1)));
                        }
                    });
                }
                out.sort(null);
                return out;
            }

            @Override
            public byte[] read(long version) throws IOException {
                return Files.readAllBytes(log.resolve(name(version)));
            }

            @Override
            public boolean create(long version, byte[] commit) throws IOException {
                Files.createDirectories(log);
                Path target = log.resolve(name(version));
                if (Files.exists(target)) {
                    return false;
                }
                Path tmp = log.resolve("." + name(version) + "." + UUID.randomUUID() + ".tmp");
                try {
                    try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        c.write(java.nio.ByteBuffer.wrap(commit));
                        if (fsync) {
                            c.force(true);
                        }
                    }
                    try {
                        Files.createLink(target, tmp);
                    } catch (FileAlreadyExistsException e) {
                        return false;
                    }
                    if (fsync) {
                        try (FileChannel dir = FileChannel.open(log, StandardOpenOption.READ)) {
                            dir.force(true);
                        } catch (IOException ignored) {
                            // not every file system can sync a folder
                        }
                    }
                    return true;
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }

            @Override
            public String describe() {
                return root.toString();
            }
        };
    }

    /**
     * The log in an object store: a version is created with {@link ObjectStore#putIfAbsent} (in S3 a
     * conditional write, {@code If-None-Match: *}), so any number of writers commit concurrently and
     * a writer that loses a version tries the next. A store that cannot write conditionally is
     * refused — unless {@code singleWriter}, when the version is checked before it is written
     * (correct with one writer only, as the sink runs it at parallelism 1).
     */
    static Storage objects(ObjectStore store, boolean singleWriter) {
        return new Storage() {
            /** Set when the store cannot write conditionally and this is the one writer. */
            private boolean checkThenPut;

            @Override
            public List<Long> versions() throws IOException {
                List<Long> out = new ArrayList<>();
                for (String key : store.list(LOG + "/")) {
                    String name = key.substring(key.lastIndexOf('/') + 1);
                    Matcher m = COMMIT.matcher(name);
                    if (m.matches()) {
                        out.add(Long.parseLong(m.group(1)));
                    }
                }
                out.sort(null);
                return out;
            }

            @Override
            public byte[] read(long version) throws IOException {
                return store.get(LOG + "/" + name(version));
            }

            @Override
            public boolean create(long version, byte[] commit) throws IOException {
                String key = LOG + "/" + name(version);
                if (!checkThenPut) {
                    try {
                        return store.putIfAbsent(key, commit);
                    } catch (ConditionalWritesUnsupportedException e) {
                        if (!singleWriter) {
                            throw new ConditionalWritesUnsupportedException("the Delta log at " + store.url()
                                    + " has several writers (the sink's parallelism is above 1), which must create "
                                    + "each log version only if it is absent, and " + e.getMessage()
                                    + ". Run the pipeline at parallelism 1, or use a store that enforces "
                                    + "conditional writes");
                        }
                        checkThenPut = true;
                    }
                }
                if (store.exists(key)) {
                    return false;
                }
                store.put(key, commit);
                return true;
            }

            @Override
            public String describe() {
                return store.url();
            }
        };
    }
}
