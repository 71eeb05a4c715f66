package org.wadi.connector.redis.internal;

import java.util.ArrayList;
import java.util.List;
import org.wadi.formats.JsonRowDecoder;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.LookupContext;
import org.wadi.spi.connector.LookupSource;
import org.wadi.spi.types.Schema;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * Serves a redis lookup table: each key is read with {@code GET prefix+key} (one pipelined round
 * trip per batch, which works on a cluster too) and its JSON value decoded into the table's
 * columns; a missing key is no row.
 */
final class RedisLookup implements LookupSource {

    private final String table;
    private final RedisConfig config;
    private final JsonRowDecoder decoder;
    private final List<Response<String>> responses = new ArrayList<>();
    private UnifiedJedis client;

    RedisLookup(String table, RedisConfig config, Schema schema) {
        this.table = table;
        this.config = config;
        this.decoder = new JsonRowDecoder(schema);
    }

    @Override
    public void open(LookupContext context) {
        client = RedisClients.open(config);
    }

    @Override
    public Object[][] lookup(Object[][] keys, int count) throws ConnectorException {
        Object[][] rows = new Object[count][];
        try (AbstractPipeline pipeline = client.pipelined()) {
            for (int i = 0; i < count; i++) {
                if (keys[i].length != 1) {
                    throw new ConnectorException("redis lookup table '" + table + "' has one key column (its PRIMARY KEY),"
                            + " not " + keys[i].length);
                }
                responses.add(pipeline.get(config.keyPrefix() + keys[i][0]));
            }
            pipeline.sync();
            for (int i = 0; i < count; i++) {
                String json = responses.get(i).get();
                if (json != null) {
                    rows[i] = decode(json, config.keyPrefix() + keys[i][0]);
                }
            }
        } catch (RuntimeException e) {
            throw new ConnectorException("Reading redis lookup table '" + table + "' at " + config.addresses()
                    + " failed: " + e.getMessage(), e);
        } finally {
            responses.clear();
        }
        return rows;
    }

    private Object[] decode(String json, String key) throws ConnectorException {
        try {
            return decoder.decode(json);
        } catch (ConnectorException e) {
            throw new ConnectorException("The value of key '" + key + "' in redis lookup table '" + table
                    + "' cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
