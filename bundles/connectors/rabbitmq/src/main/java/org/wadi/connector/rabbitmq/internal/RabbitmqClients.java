package org.wadi.connector.rabbitmq.internal;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.stream.Address;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.EnvironmentBuilder;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.wadi.spi.connector.ConnectorException;

/** Opens the clients of a table: a Streams environment or an AMQP 0-9-1 connection. */
final class RabbitmqClients {

    private RabbitmqClients() {
    }

    /** A Streams environment of its own (one connection for its consumer), named for the broker's UI. */
    static Environment environment(RabbitmqConfig config, String table, String name) throws ConnectorException {
        EnvironmentBuilder b = Environment.builder().host(config.host()).port(config.port())
                .username(config.username()).password(config.password()).virtualHost(config.virtualHost())
                .rpcTimeout(Duration.ofSeconds(30)).id(name).clientProperty("connection_name", name);
        if (config.loadBalancerMode()) {
            Address entry = new Address(config.host(), config.port());
            b.addressResolver(advertised -> entry);
        }
        if (config.tls().enabled()) {
            b.tls().sslContext(config.tls().netty(table));
        }
        try {
            return b.build();
        } catch (RuntimeException e) {
            throw new ConnectorException("rabbitmq table '" + table + "': cannot connect to RabbitMQ Streams at "
                    + config.host() + ":" + config.port() + " as " + config.username() + " (is the rabbitmq_stream"
                    + " plugin enabled?): " + message(e), e);
        }
    }

    /** An AMQP 0-9-1 connection named for the broker's UI. */
    static Connection amqp(RabbitmqConfig config, String table, String name) throws ConnectorException {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(config.host());
        f.setPort(config.amqpPort());
        f.setUsername(config.username());
        f.setPassword(config.password());
        f.setVirtualHost(config.virtualHost());
        f.setConnectionTimeout(30_000);
        // a failed connection fails the task, which restarts from the checkpoint: no hidden recovery
        f.setAutomaticRecoveryEnabled(false);
        try {
            if (config.tls().enabled()) {
                SSLContext context = config.tls().jdk(table);
                if (context == null) {
                    f.useSslProtocol();
                } else {
                    f.useSslProtocol(context);
                    f.enableHostnameVerification();
                }
            }
            return f.newConnection(name);
        } catch (IOException | TimeoutException | GeneralSecurityException | RuntimeException e) {
            throw new ConnectorException("rabbitmq table '" + table + "': cannot connect to RabbitMQ (AMQP 0-9-1) at "
                    + config.host() + ":" + config.amqpPort() + " vhost '" + config.virtualHost() + "' as "
                    + config.username() + ": " + message(e), e);
        }
    }

    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    static void close(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // closing after a failure: nothing more to do
            }
        }
    }
}
