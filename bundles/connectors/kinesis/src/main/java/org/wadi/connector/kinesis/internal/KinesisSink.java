package org.wadi.connector.kinesis.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.wadi.formats.JsonFormat;
import org.wadi.formats.PayloadEncoder;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.types.Schema;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Writes each row as one record (a random partition key, so records spread over the shards),
 * batched into PutRecords calls of at most {@code sink.records_per_batch} records and
 * {@code sink.batch_max_buffer_size} bytes; a record waits at most
 * {@code sink.batch_flush_interval_millis} (checked as rows arrive). At least once: every
 * checkpoint and the end of the input send what is buffered, and records Kinesis refuses (its
 * throughput limits) are sent again with a growing pause, up to {@value #ATTEMPTS} times.
 */
final class KinesisSink implements Sink {

    static final int ATTEMPTS = 10;
    /** What Kinesis counts per record besides its data. */
    private static final int PER_RECORD_OVERHEAD = 36;

    private final String table;
    private final KinesisConfig config;
    private final Schema schema;
    private final JsonFormat format;
    private final List<PutRecordsRequestEntry> buffer = new ArrayList<>();
    private final PayloadEncoder.Output add = text -> add(text.getBytes(StandardCharsets.UTF_8));
    private PayloadEncoder encoder;
    private KinesisClient client;
    private int bufferedBytes;
    private long oldestNanos;

    KinesisSink(String table, KinesisConfig config, Schema schema, JsonFormat format) {
        this.table = table;
        this.config = config;
        this.schema = schema;
        this.format = format;
    }

    @Override
    public void open(SinkContext context, byte[] restoredState) throws ConnectorException {
        format.checkWritable("kinesis", table, context.updating());
        encoder = new PayloadEncoder(schema, format, context.updating());
        client = KinesisClients.client(config, table);
    }

    @Override
    public void write(Object[] row) throws Exception {
        encoder.encode(row, add);
    }

    private void add(byte[] data) throws ConnectorException {
        int size = data.length + PER_RECORD_OVERHEAD;
        if (!buffer.isEmpty() && bufferedBytes + size > config.maxBufferBytes()) {
            send();
        }
        if (buffer.isEmpty()) {
            oldestNanos = System.nanoTime();
        }
        buffer.add(PutRecordsRequestEntry.builder().data(SdkBytes.fromByteArray(data))
                .partitionKey(UUID.randomUUID().toString()).build());
        bufferedBytes += size;
        if (buffer.size() >= config.recordsPerBatch()
                || System.nanoTime() - oldestNanos >= TimeUnit.MILLISECONDS.toNanos(config.flushIntervalMillis())) {
            send();
        }
    }

    /** Sends the buffer, again and again for the records Kinesis refuses. */
    private void send() throws ConnectorException {
        List<PutRecordsRequestEntry> pending = new ArrayList<>(buffer);
        buffer.clear();
        bufferedBytes = 0;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            PutRecordsResponse response;
            try {
                List<PutRecordsRequestEntry> batch = pending;
                response = client.putRecords(b -> b.streamName(config.stream()).records(batch));
            } catch (SdkException e) {
                throw new ConnectorException("kinesis table '" + table + "': writing to " + config.where()
                        + " failed: " + e.getMessage(), e);
            }
            if (response.failedRecordCount() == null || response.failedRecordCount() == 0) {
                return;
            }
            List<PutRecordsRequestEntry> failed = new ArrayList<>();
            String reason = null;
            for (int i = 0; i < response.records().size(); i++) {
                PutRecordsResultEntry r = response.records().get(i);
                if (r.errorCode() != null) {
                    failed.add(pending.get(i));
                    reason = r.errorCode() + ": " + r.errorMessage();
                }
            }
            if (attempt >= ATTEMPTS) {
                throw new ConnectorException("kinesis table '" + table + "': " + failed.size() + " records were refused"
                        + " by " + config.where() + " " + ATTEMPTS + " times (" + reason + ")");
            }
            pending = failed;
            try {
                Thread.sleep(Math.min(2_000, 50L << attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectorException("kinesis table '" + table + "': interrupted while retrying", e);
            }
        }
    }

    private void flush() throws Exception {
        encoder.flush(add);
        if (!buffer.isEmpty()) {
            send();
        }
    }

    @Override
    public byte[] preCommit(long epoch) throws Exception {
        flush();
        return null;
    }

    @Override
    public void finish() throws Exception {
        flush();
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
