package org.wadi.connector.redis.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;

/** Opens Jedis clients for a {@link RedisConfig}: a pooled client for one server, a cluster client for a cluster. */
final class RedisClients {

    private static final int TIMEOUT_MILLIS = 10_000;

    private RedisClients() {
    }

    /** A client connected as {@code config} says; the caller closes it. */
    static UnifiedJedis open(RedisConfig config) {
        RedisConfig.Address first = config.addresses().get(0);
        JedisClientConfig client = DefaultJedisClientConfig.builder()
                .user(config.username())
                .password(config.password())
                .ssl(first.tls())
                .database(first.database())
                .connectionTimeoutMillis(TIMEOUT_MILLIS)
                .socketTimeoutMillis(TIMEOUT_MILLIS)
                .clientName("wadi")
                .build();
        if (config.cluster()) {
            Set<HostAndPort> nodes = new LinkedHashSet<>();
            for (RedisConfig.Address a : config.addresses()) {
                nodes.add(new HostAndPort(a.host(), a.port()));
            }
            return new JedisCluster(nodes, client);
        }
        return new JedisPooled(new HostAndPort(first.host(), first.port()), client);
    }
}
