package org.wadi.connector.nats.internal;

import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.spi.connector.ConnectorException;

/**
 * Opens connections to NATS for a table, failing fast and clearly: a first connection gets
 * {@value #CONNECT_SECONDS} s per server and one attempt, an authentication failure is reported as
 * such, and a connection that is lost later is retried for about a minute before the client gives
 * up (a source or sink then fails, and the job restarts from its last checkpoint).
 */
final class NatsClients {

    private static final Logger LOG = LoggerFactory.getLogger(NatsClients.class);
    static final int CONNECT_SECONDS = 5;
    private static final int RECONNECTS = 30;

    private NatsClients() {
    }

    /**
     * A connection for {@code config}.
     *
     * @param table the table's name, for messages
     * @param name the client's name as the server shows it
     * @throws ConnectorException naming the servers and what went wrong
     */
    static Connection connect(NatsConfig config, String table, String name) throws ConnectorException {
        Options.Builder b = new Options.Builder()
                .servers(config.servers().toArray(String[]::new))
                .connectionName(name)
                .connectionTimeout(Duration.ofSeconds(CONNECT_SECONDS))
                .maxReconnects(RECONNECTS)
                .reconnectWait(Duration.ofSeconds(2))
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        LOG.warn("nats table '{}': server {} reported: {}", table, config.servers(), error);
                    }
                });
        if (config.username() != null) {
            b.userInfo(config.username(), config.password());
        }
        try {
            return Nats.connect(b.build());
        } catch (AuthenticationException e) {
            throw new ConnectorException("nats table '" + table + "': the server at " + String.join(",", config.servers())
                    + " refused the credentials" + (config.username() == null ? " (none were given; set auth.type ="
                    + " 'credentials', auth.username and auth.password)" : " of user '" + config.username() + "'")
                    + ": " + e.getMessage(), e);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            if (why.toLowerCase().contains("authorization")) {
                throw new ConnectorException("nats table '" + table + "': the server at "
                        + String.join(",", config.servers()) + " refused the credentials"
                        + (config.username() == null ? " (none were given)" : " of user '" + config.username() + "'")
                        + ": " + why, e);
            }
            throw new ConnectorException("nats table '" + table + "': cannot connect to NATS at "
                    + String.join(",", config.servers()) + ": " + why, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException("nats table '" + table + "': interrupted while connecting to "
                    + String.join(",", config.servers()), e);
        }
    }

    /** Closes a connection, ignoring failures (the task is ending). */
    static void close(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("closing a nats connection failed", e);
        }
    }

    /** Fails when the connection has closed for good (its reconnection attempts are exhausted). */
    static void checkOpen(Connection connection, NatsConfig config, String table) throws ConnectorException {
        if (connection.getStatus() == Connection.Status.CLOSED) {
            String last = connection.getLastError();
            throw new ConnectorException("nats table '" + table + "': lost the connection to NATS at "
                    + String.join(",", config.servers()) + " and could not reconnect"
                    + (last == null || last.isEmpty() ? "" : ": " + last));
        }
    }
}
