package org.wadi.connector.iceberg.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a subtask pre-committed at a checkpoint: the data files it closed and who wrote them (the
 * writer id and epoch mark the snapshot that appends them, so a commit repeated after a restore is
 * recognised). Kept in the checkpoint as JSON.
 */
record CommitState(String writer, long epoch, List<PendingFile> files) {

    /**
     * One closed data file, not yet in the table.
     *
     * @param partition its partition tuple as {@link Partitions#toJson} writes it, or null when the
     *     table is unpartitioned
     * @param metrics its column metrics as {@link MetricsJson#toJson} writes them, or null
     */
    record PendingFile(String path, long sizeBytes, long records, JsonNode partition, JsonNode metrics) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    byte[] toBytes() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        root.put("writer", writer);
        root.put("epoch", epoch);
        ArrayNode list = root.putArray("files");
        for (PendingFile f : files) {
            ObjectNode file = list.addObject().put("path", f.path()).put("size", f.sizeBytes())
                    .put("records", f.records());
            if (f.partition() != null) {
                file.set("partition", f.partition());
            }
            if (f.metrics() != null) {
                file.set("metrics", f.metrics());
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static CommitState fromBytes(byte[] bytes) throws IOException {
        JsonNode root = JSON.readTree(bytes);
        if (root == null || root.path("version").asInt() != 1 || !root.hasNonNull("writer")) {
            throw new IOException("the iceberg sink's checkpoint state is not one this version reads");
        }
        List<PendingFile> files = new ArrayList<>();
        for (JsonNode f : root.path("files")) {
            files.add(new PendingFile(f.path("path").asText(), f.path("size").asLong(), f.path("records").asLong(),
                    f.hasNonNull("partition") ? f.get("partition") : null,
                    f.hasNonNull("metrics") ? f.get("metrics") : null));
        }
        return new CommitState(root.path("writer").asText(), root.path("epoch").asLong(), List.copyOf(files));
    }
}
