package org.wadi.connector.redis.internal;

import java.util.ArrayList;
import java.util.List;
import org.wadi.formats.JsonFormat;
import org.wadi.formats.JsonRowEncoder;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.types.Schema;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Writes rows to Redis as JSON values, at least once: commands are pipelined and sent every
 * {@value #PIPELINE} rows, and every pending command is confirmed at each checkpoint
 * ({@link #preCommit}) and when the input ends. Targets: {@code string} ({@code SET prefix+key
 * row}, with {@code EX} when {@code target.ttl_secs} is set), {@code list} ({@code RPUSH} or
 * {@code LPUSH}, then {@code LTRIM} to {@code target.max_length}), {@code hash} ({@code HSET
 * prefix+key field row}).
 */
final class RedisSink implements Sink {

    /** How many rows are pipelined before their commands are sent and confirmed. */
    static final int PIPELINE = 1000;

    private final String table;
    private final RedisConfig config;
    private final Schema schema;
    private final JsonFormat format;
    private final int keyColumn;
    private final int fieldColumn;
    private final SetParams setParams;
    private final List<Response<?>> responses = new ArrayList<>(PIPELINE);
    private final StringBuilder key = new StringBuilder(64);
    private JsonRowEncoder encoder;
    private UnifiedJedis client;
    private AbstractPipeline pipeline;

    RedisSink(String table, RedisConfig config, Schema schema, JsonFormat format) throws ConnectorException {
        this.table = table;
        this.config = config;
        this.schema = schema;
        this.format = format;
        this.keyColumn = column(config.keyColumn(), RedisConfig.KEY_COLUMN);
        this.fieldColumn = column(config.fieldColumn(), RedisConfig.FIELD_COLUMN);
        this.setParams = config.ttlSecs() > 0 ? new SetParams().ex(config.ttlSecs()) : null;
    }

    private int column(String name, String option) throws ConnectorException {
        if (name == null) {
            return -1;
        }
        int i = schema.indexOf(name);
        if (i < 0) {
            throw new ConnectorException("Option '" + option + "' of redis table '" + table + "' names column '" + name
                    + "', which the table does not have; its columns: "
                    + String.join(", ", schema.visible().fields().stream().map(f -> f.name()).toList()));
        }
        return i;
    }

    @Override
    public void open(SinkContext context, byte[] restoredState) throws Exception {
        format.checkWritable("redis", table, context.updating());
        encoder = new JsonRowEncoder(schema, format);
        client = RedisClients.open(config);
        pipeline = client.pipelined();
    }

    @Override
    public void write(Object[] row) throws Exception {
        String k = key(row, keyColumn, config.keyPrefix(), RedisConfig.KEY_COLUMN);
        String value = encoder.encode(row);
        switch (config.target()) {
            case "string" -> responses.add(setParams == null ? pipeline.set(k, value) : pipeline.set(k, value, setParams));
            case "list" -> {
                responses.add(config.prepend() ? pipeline.lpush(k, value) : pipeline.rpush(k, value));
                long max = config.maxLength();
                if (max > 0) {
                    responses.add(config.prepend() ? pipeline.ltrim(k, 0, max - 1) : pipeline.ltrim(k, -max, -1));
                }
            }
            case "hash" -> responses.add(pipeline.hset(k, key(row, fieldColumn, "", RedisConfig.FIELD_COLUMN), value));
            default -> throw new IllegalStateException("unknown redis target " + config.target());
        }
        if (responses.size() >= PIPELINE) {
            sync();
        }
    }

    /** {@code prefix} followed by the value of column {@code column} (nothing when -1). */
    private String key(Object[] row, int column, String prefix, String option) throws ConnectorException {
        if (column < 0) {
            return prefix;
        }
        Object v = row[column];
        if (v == null) {
            throw new ConnectorException("Cannot write to redis table '" + table + "': column '"
                    + schema.field(column).name() + "' (" + option + ") is NULL");
        }
        key.setLength(0);
        return key.append(prefix).append(v).toString();
    }

    /** Sends what is pipelined and waits for every reply, failing on the first error. */
    private void sync() throws ConnectorException {
        if (responses.isEmpty()) {
            return;
        }
        try {
            pipeline.sync();
            for (Response<?> r : responses) {
                r.get();
            }
        } catch (RuntimeException e) {
            throw new ConnectorException("Writing to redis table '" + table + "' at " + config.addresses()
                    + " failed: " + e.getMessage(), e);
        } finally {
            responses.clear();
        }
    }

    @Override
    public byte[] preCommit(long epoch) throws Exception {
        sync();
        return null;
    }

    @Override
    public void finish() throws Exception {
        sync();
    }

    @Override
    public void close() {
        try {
            if (pipeline != null) {
                pipeline.close();
            }
        } catch (RuntimeException e) {
            // closing syncs what is left; the task is ending anyway
        } finally {
            if (client != null) {
                client.close();
            }
        }
    }
}
