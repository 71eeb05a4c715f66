package org.wadi.worker.internal.metrics;

/**
 * The counters of one task (one thread running a chain of operators for one subtask index). The
 * task's own thread updates them with plain writes — no locks, no allocation, one update per batch
 * where the rows move in batches — and the {@link MetricsReporter} reads them every few seconds
 * from another thread. Such reads may lag a write by a moment, which is fine for metrics; a long
 * is written in one piece on the 64-bit JVMs Wadi runs on.
 */
public final class TaskMetrics {

    /** No watermark seen yet. */
    public static final long NO_WATERMARK = Long.MIN_VALUE;

    /** The queues in front of a task, read by the reporter. */
    public interface Queue {
        /** Batches queued now. */
        int queued();

        /** Batches the queues hold at most. */
        int capacity();
    }

    private volatile String[] operators = new String[0];
    private final int subtask;
    private final boolean source;

    private long recordsIn;
    private long batchesIn;
    private long bytesIn;
    private long recordsOut;
    private long batchesOut;
    private long bytesOut;
    private long blockedNanos;
    private long watermarkNanos = NO_WATERMARK;
    private volatile long badRecords;
    private volatile String lastBadRecord;
    private volatile Queue queue;

    /**
     * @param subtask the subtask index
     * @param source whether the head is a connector source
     */
    public TaskMetrics(int subtask, boolean source) {
        this.subtask = subtask;
        this.source = source;
    }

    /** The chain's operators, head first (once it is built). */
    public void operators(java.util.List<String> chain) {
        this.operators = chain.toArray(new String[0]);
    }

    /** Rows that reached the chain's head: a batch from the input queue, or rows a source emitted. */
    public void received(int rows) {
        recordsIn += rows;
        batchesIn++;
    }

    /** Rows a source emitted, counted one at a time (sources do not emit batches). */
    public void receivedOne() {
        recordsIn++;
    }

    /** Bytes of rows that came from another worker. */
    public void receivedBytes(long bytes) {
        bytesIn += bytes;
    }

    /**
     * A batch of the chain's output was handed to an edge.
     *
     * @param blocked nanoseconds the task waited for room in the receiver's queue or for credit
     */
    public void sent(int rows, long blocked) {
        recordsOut += rows;
        batchesOut++;
        blockedNanos += blocked;
    }

    /** Bytes of rows sent to another worker. */
    public void sentBytes(long bytes) {
        bytesOut += bytes;
    }

    /** The newest event-time watermark that reached the chain's head, in nanoseconds. */
    public void watermark(long nanos) {
        watermarkNanos = nanos;
    }

    /** A record the source dropped as bad input. */
    public void badRecord(String where, String reason) {
        lastBadRecord = where + ": " + reason;
        badRecords = badRecords + 1;
    }

    /** Sets the task's input queues (while building; tasks fed by a source have none). */
    public void queue(Queue queue) {
        this.queue = queue;
    }

    /** The task's input queues, or {@code null}. */
    public Queue queue() {
        return queue;
    }

    public String[] operators() {
        return operators.clone();
    }

    public int subtask() {
        return subtask;
    }

    /** Whether the head is a connector source (its rows in are the rows it read). */
    public boolean source() {
        return source;
    }

    public long recordsIn() {
        return recordsIn;
    }

    public long batchesIn() {
        return batchesIn;
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long recordsOut() {
        return recordsOut;
    }

    public long batchesOut() {
        return batchesOut;
    }

    public long bytesOut() {
        return bytesOut;
    }

    public long blockedNanos() {
        return blockedNanos;
    }

    /** The newest watermark in nanoseconds, or {@link #NO_WATERMARK}. */
    public long watermarkNanos() {
        return watermarkNanos;
    }

    public long badRecords() {
        return badRecords;
    }

    /** {@code where: reason} of the last bad record, or {@code null}. */
    public String lastBadRecord() {
        return lastBadRecord;
    }
}
