package org.wadi.connector.kinesis.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.wadi.spi.connector.ConnectorException;

/**
 * The checkpointed state of a Kinesis source subtask: for each shard it reads, the sequence number
 * of the last record it emitted ({@link #FINISHED} once a closed shard is read to its end). Shards
 * are splits: a restore merges the states of every old subtask, whatever the parallelism then, and
 * each new subtask resumes the shards it owns now.
 */
final class ShardPositions {

    private static final int VERSION = 1;
    /** The position of a closed shard read to its end. */
    static final String FINISHED = "";
    /** Prefix of the position of a shard read from {@code latest} that had no record yet: {@code @millis}. */
    static final String AT = "@";

    private ShardPositions() {
    }

    static byte[] encode(String stream, Map<String, String> positions) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(VERSION);
            out.writeUTF(stream);
            out.writeInt(positions.size());
            for (Map.Entry<String, String> e : positions.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every shard position the old subtasks stored, merged. */
    static Map<String, String> merge(String table, String stream, List<byte[]> states) throws ConnectorException {
        Map<String, String> all = new TreeMap<>();
        for (byte[] state : states) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
                int version = in.readInt();
                if (version != VERSION) {
                    throw new IOException("version " + version);
                }
                String old = in.readUTF();
                if (!old.equals(stream)) {
                    throw new ConnectorException("kinesis table '" + table + "' reads stream '" + stream
                            + "' but the checkpoint it restores from holds positions in stream '" + old
                            + "'; restart the job without its state to read the new stream");
                }
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    all.put(in.readUTF(), in.readUTF());
                }
            } catch (IOException | RuntimeException e) {
                throw new ConnectorException("kinesis table '" + table + "': the checkpoint's source state is not one"
                        + " this connector wrote (" + e + ")", e);
            }
        }
        return all;
    }
}
