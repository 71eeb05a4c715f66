package org.wadi.connector.kafka.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.wadi.spi.connector.ConnectorException;

/**
 * What a kafka source subtask keeps in a checkpoint: for each partition it reads, the offset of the
 * next record to read. Restoring merges the states of every old subtask (partitions are disjoint
 * between them) so that each new subtask finds the partitions it owns now, at any parallelism.
 *
 * <p>Layout: version (1), topic, count, then (partition int, offset long) pairs.
 */
final class SourceOffsets {

    static final int VERSION = 1;

    private SourceOffsets() {
    }

    static byte[] encode(String topic, Map<Integer, Long> next) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + next.size() * 12);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(topic);
            out.writeInt(next.size());
            for (Map.Entry<Integer, Long> e : new TreeMap<>(next).entrySet()) {
                out.writeInt(e.getKey());
                out.writeLong(e.getValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Merges the states of old subtasks.
     *
     * @param topic the table's topic: a state of another topic (the table was redefined) is refused
     * @return partition to the next offset to read
     */
    static Map<Integer, Long> merge(String table, String topic, List<byte[]> states) throws ConnectorException {
        Map<Integer, Long> all = new TreeMap<>();
        for (byte[] state : states) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
                int version = in.readByte();
                if (version != VERSION) {
                    throw new ConnectorException("kafka source '" + table + "': the checkpointed offsets have version "
                            + version + "; this connector reads version " + VERSION);
                }
                String stored = in.readUTF();
                if (!stored.equals(topic)) {
                    throw new ConnectorException("kafka source '" + table + "': the checkpoint holds offsets of topic '"
                            + stored + "', but the table now reads topic '" + topic + "'; restart the pipeline "
                            + "without its state to read the new topic");
                }
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    int partition = in.readInt();
                    long offset = in.readLong();
                    all.merge(partition, offset, Math::max);
                }
            } catch (IOException e) {
                throw new ConnectorException("kafka source '" + table + "': the checkpointed offsets are not readable ("
                        + e + ")", e);
            }
        }
        return all;
    }
}
