package org.wadi.connector.kinesis.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.formats.PayloadDecoder;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TaskInfo;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads a Kinesis stream exactly once across checkpoints. The stream's shards (listed when the
 * subtask opens) are dealt out by their index in shard-id order modulo the parallelism; each shard
 * is read from after the sequence number its checkpointed state holds, or from
 * {@code source.offset} ({@code latest}: only new records, and after a restore from the time the
 * first run started; {@code earliest}: the trim horizon) when it has read no record yet; a shard the
 * checkpoint does not know is read from its trim horizon. A restore merges the positions of every old subtask, so the job can
 * restore at another parallelism. Shards are read in turn, each at most every 200 ms when it had
 * nothing (Kinesis allows 5 GetRecords calls per shard and second). A row's event time is the
 * record's approximate arrival time. Shards created after the subtask opened (a resharding) are
 * read after the next restart.
 */
final class KinesisSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(KinesisSource.class);
    static final int MAX_RECORDS = 1000;
    static final long EMPTY_PAUSE_NANOS = 200_000_000L;

    /** One shard being read. */
    private static final class Reader {
        final String shard;
        String iterator;
        String position;
        long notBefore;

        Reader(String shard, String iterator, String position) {
            this.shard = shard;
            this.iterator = iterator;
            this.position = position;
        }
    }

    private final String table;
    private final KinesisConfig config;
    private final PayloadDecoder decoder;
    private final List<Reader> readers = new ArrayList<>();
    /** Positions of the shards this subtask owns, finished ones included. */
    private final Map<String, String> positions = new LinkedHashMap<>();
    private KinesisClient client;
    private int next;

    KinesisSource(String table, KinesisConfig config, PayloadDecoder decoder) {
        this.table = table;
        this.config = config;
        this.decoder = decoder;
    }

    @Override
    public void open(SourceContext context) throws ConnectorException {
        TaskInfo task = context.task();
        Map<String, String> restored = ShardPositions.merge(table, config.stream(), context.restoredStates());
        client = KinesisClients.client(config, table);
        List<String> shards = new ArrayList<>();
        try {
            String token = null;
            do {
                String page = token;
                ListShardsResponse r = client.listShards(b -> {
                    if (page == null) {
                        b.streamName(config.stream());
                    } else {
                        b.nextToken(page);
                    }
                });
                for (Shard s : r.shards()) {
                    shards.add(s.shardId());
                }
                token = r.nextToken();
            } while (token != null);
        } catch (ResourceNotFoundException e) {
            throw new ConnectorException("kinesis table '" + table + "': " + config.where() + " does not exist", e);
        } catch (SdkException e) {
            throw new ConnectorException("kinesis table '" + table + "': cannot list the shards of " + config.where()
                    + ": " + e.getMessage(), e);
        }
        shards.sort(null);
        for (int i = 0; i < shards.size(); i++) {
            if (i % task.parallelism() != task.subtaskIndex()) {
                continue;
            }
            String shard = shards.get(i);
            String position = restored.isEmpty() && config.offset().equals("latest")
                    ? ShardPositions.AT + System.currentTimeMillis() : restored.get(shard);
            positions.put(shard, position);
            if (ShardPositions.FINISHED.equals(position)) {
                continue;
            }
            readers.add(new Reader(shard, iterator(shard, position, restored.isEmpty()), position));
        }
        LOG.info("kinesis table '{}': subtask {} of {} reads shards {} of {}", table, task.subtaskIndex(),
                task.parallelism(), positions.keySet(), config.where());
    }

    /**
     * An iterator after {@code position}: a sequence number; {@code @millis}, the time a fresh
     * start at {@code latest} began (LATEST then, the same time after a restore, so that nothing
     * before it is read); or {@code null}, the trim horizon.
     */
    private String iterator(String shard, String position, boolean fresh) throws ConnectorException {
        try {
            if (position == null) {
                return client.getShardIterator(b -> b.streamName(config.stream()).shardId(shard)
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            }
            if (position.startsWith(ShardPositions.AT)) {
                java.time.Instant at = java.time.Instant.ofEpochMilli(Long.parseLong(position.substring(1)));
                return client.getShardIterator(b -> b.streamName(config.stream()).shardId(shard)
                        .shardIteratorType(fresh ? ShardIteratorType.LATEST : ShardIteratorType.AT_TIMESTAMP)
                        .timestamp(fresh ? null : at)).shardIterator();
            }
            return client.getShardIterator(b -> b.streamName(config.stream()).shardId(shard)
                    .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(position))
                    .shardIterator();
        } catch (SdkException e) {
            throw new ConnectorException("kinesis table '" + table + "': cannot read shard " + shard + " of "
                    + config.where() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SourceStatus poll(Collector out) throws ConnectorException {
        if (readers.isEmpty()) {
            return SourceStatus.IDLE;
        }
        long now = System.nanoTime();
        for (int tried = 0; tried < readers.size(); tried++) {
            next = (next + 1) % readers.size();
            Reader r = readers.get(next);
            if (now - r.notBefore < 0) {
                continue;
            }
            GetRecordsResponse response;
            try {
                response = client.getRecords(b -> b.shardIterator(r.iterator).limit(MAX_RECORDS));
            } catch (ProvisionedThroughputExceededException e) {
                r.notBefore = now + EMPTY_PAUSE_NANOS;
                continue;
            } catch (SdkException e) {
                throw new ConnectorException("kinesis table '" + table + "': reading shard " + r.shard + " of "
                        + config.where() + " failed: " + e.getMessage(), e);
            }
            for (Record record : response.records()) {
                long nanos = record.approximateArrivalTimestamp() == null ? System.currentTimeMillis() * 1_000_000L
                        : record.approximateArrivalTimestamp().getEpochSecond() * 1_000_000_000L
                                + record.approximateArrivalTimestamp().getNano();
                decoder.decode(record.data().asByteArray(), nanos, key -> null,
                        "shard " + r.shard + " sequence " + record.sequenceNumber(), out);
                r.position = record.sequenceNumber();
                positions.put(r.shard, r.position);
            }
            r.iterator = response.nextShardIterator();
            if (r.iterator == null) {
                // a closed shard read to its end
                positions.put(r.shard, ShardPositions.FINISHED);
                readers.remove(r);
                return SourceStatus.ACTIVE;
            }
            if (response.records().isEmpty()) {
                r.notBefore = now + EMPTY_PAUSE_NANOS;
                continue;
            }
            r.notBefore = now;
            return SourceStatus.ACTIVE;
        }
        return SourceStatus.IDLE;
    }

    @Override
    public byte[] snapshot(long epoch) {
        Map<String, String> known = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, String>> it = positions.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, String> e = it.next();
            if (e.getValue() != null) {
                known.put(e.getKey(), e.getValue());
            }
        }
        return ShardPositions.encode(config.stream(), known);
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (decoder.dropped() > 0) {
            LOG.warn("kinesis table '{}': dropped {} records that could not be decoded", table, decoder.dropped());
        }
    }
}
