package org.wadi.connector.postgres.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Where a CDC source stands, as kept in checkpoint state: whether the initial snapshot is done,
 * the LSN to start streaming from, and the transaction last read from the stream — its commit
 * LSN, how many rows of it were emitted, and whether all were. Transactions arrive whole and in
 * commit order, so this says exactly which changes were emitted: on restore, those before and the
 * first {@code txnRows} rows of an unfinished one are skipped.
 *
 * @param slot the replication slot read
 * @param snapshotDone whether the initial snapshot was read completely
 * @param startLsn where streaming (re)starts
 * @param txnLsn the commit LSN of the last transaction seen, or 0
 * @param txnRows how many rows of it were emitted
 * @param txnComplete whether all of them were
 */
record CdcPosition(String slot, boolean snapshotDone, long startLsn, long txnLsn, long txnRows, boolean txnComplete) {

    private static final int VERSION = 1;

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(VERSION);
            out.writeUTF(slot);
            out.writeBoolean(snapshotDone);
            out.writeLong(startLsn);
            out.writeLong(txnLsn);
            out.writeLong(txnRows);
            out.writeBoolean(txnComplete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static CdcPosition fromBytes(byte[] state) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalStateException("postgres_cdc checkpoint state of version " + version
                        + " cannot be read by this version (" + VERSION + ")");
            }
            return new CdcPosition(in.readUTF(), in.readBoolean(), in.readLong(), in.readLong(), in.readLong(),
                    in.readBoolean());
        } catch (IOException e) {
            throw new IllegalStateException("postgres_cdc checkpoint state is damaged: " + e.getMessage(), e);
        }
    }

    /** Whether a transaction with this commit LSN was emitted completely before this position. */
    boolean covers(long commitLsn) {
        return commitLsn < txnLsn || (commitLsn == txnLsn && txnComplete);
    }
}
