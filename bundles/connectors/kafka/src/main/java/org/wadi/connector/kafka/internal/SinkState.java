package org.wadi.connector.kafka.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.wadi.spi.connector.ConnectorException;

/**
 * What an exactly-once kafka sink subtask returns from {@code preCommit} and gets back at
 * {@code commit} and on restore: the transaction to commit (its transactional id, producer id and
 * epoch; absent when the checkpoint wrote nothing) and the index of the transaction opened after
 * it, so that a restored subtask goes on with the same transactional ids and so fences the
 * transactions the failed run left open.
 *
 * @param prefix the prefix of the subtask's transactional ids ({@code <prefix>-<subtask>-<index>})
 * @param transactionalId the pre-committed transaction's id, or {@code null}
 * @param producerId its producer id
 * @param epoch its producer epoch
 * @param openIndex the index of the transaction open after the pre-commit
 */
record SinkState(String prefix, String transactionalId, long producerId, short epoch, long openIndex) {

    static final int VERSION = 1;

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(prefix);
            out.writeBoolean(transactionalId != null);
            if (transactionalId != null) {
                out.writeUTF(transactionalId);
                out.writeLong(producerId);
                out.writeShort(epoch);
            }
            out.writeLong(openIndex);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    static SinkState fromBytes(String table, byte[] bytes) throws ConnectorException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readByte();
            if (version != VERSION) {
                throw new ConnectorException("kafka sink '" + table + "': the checkpointed transaction has version "
                        + version + "; this connector reads version " + VERSION);
            }
            String prefix = in.readUTF();
            if (in.readBoolean()) {
                return new SinkState(prefix, in.readUTF(), in.readLong(), in.readShort(), in.readLong());
            }
            return new SinkState(prefix, null, -1, (short) -1, in.readLong());
        } catch (IOException e) {
            throw new ConnectorException("kafka sink '" + table + "': the checkpointed transaction is not readable ("
                    + e + ")", e);
        }
    }
}
