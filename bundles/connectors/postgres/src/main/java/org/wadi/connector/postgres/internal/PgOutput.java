package org.wadi.connector.postgres.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads the messages of PostgreSQL's {@code pgoutput} logical decoding plugin, protocol version 1
 * (see PostgreSQL's "Logical Replication Message Formats"): the parts the CDC source needs.
 */
final class PgOutput {

    /** A TOASTed value the update did not change, sent without its content. */
    static final String UNCHANGED = new String("unchanged toast");

    /** Microseconds from the Unix epoch to PostgreSQL's epoch, 2000-01-01. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    /** A table as a {@code Relation} message describes it. */
    record Relation(int oid, String namespace, String name, char identity, String[] columns) {
    }

    private PgOutput() {
    }

    static Relation relation(ByteBuffer b) {
        int oid = b.getInt();
        String namespace = string(b);
        String name = string(b);
        char identity = (char) b.get();
        int n = b.getShort();
        String[] columns = new String[n];
        for (int i = 0; i < n; i++) {
            b.get(); // flags: part of the key
            columns[i] = string(b);
            b.getInt(); // type oid
            b.getInt(); // type modifier
        }
        return new Relation(oid, namespace, name, identity, columns);
    }

    /** The values of a {@code TupleData}: text, {@code null}, or {@link #UNCHANGED}. */
    static String[] tuple(ByteBuffer b) {
        int n = b.getShort();
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            char kind = (char) b.get();
            switch (kind) {
                case 'n' -> values[i] = null;
                case 'u' -> values[i] = UNCHANGED;
                case 't' -> {
                    int len = b.getInt();
                    values[i] = new String(b.array(), b.arrayOffset() + b.position(), len, StandardCharsets.UTF_8);
                    b.position(b.position() + len);
                }
                default -> throw new IllegalStateException("unexpected tuple value kind '" + kind + "' from pgoutput"
                        + " (binary values are not requested)");
            }
        }
        return values;
    }

    /** A null-terminated string. */
    static String string(ByteBuffer b) {
        int start = b.position();
        int end = start;
        while (b.get(end) != 0) {
            end++;
        }
        String s = new String(b.array(), b.arrayOffset() + start, end - start, StandardCharsets.UTF_8);
        b.position(end + 1);
        return s;
    }

    /** A PostgreSQL timestamp (microseconds since 2000-01-01) as nanoseconds since the Unix epoch. */
    static long pgTimeToNanos(long pgMicros) {
        return (pgMicros + PG_EPOCH_MICROS) * 1000L;
    }
}
