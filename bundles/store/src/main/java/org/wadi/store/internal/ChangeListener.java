package org.wadi.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on a PostgreSQL notification channel on its own connection and daemon thread, and runs
 * the registered callbacks for every batch of notifications — from this server's writes or any
 * other's sharing the database. When the connection breaks it reconnects, and then runs the
 * callbacks once, as notifications sent meanwhile are lost.
 */
final class ChangeListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);
    private static final int POLL_MILLIS = 500;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final DataSource dataSource;
    private final String channel;
    private final CopyOnWriteArrayList<Runnable> callbacks = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private final Object connectionLock = new Object();
    private volatile boolean running = true;
    private Connection connection;

    /**
     * Opens the listening connection (failing at once if the database cannot be reached) and starts
     * the thread.
     */
    ChangeListener(DataSource dataSource, String channel) throws SQLException {
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("invalid notification channel '" + channel + "': expected a lower-case SQL identifier");
        }
        this.dataSource = dataSource;
        this.channel = channel;
        this.connection = listen();
        this.thread = new Thread(this::run, "wadi-store-changes");
        thread.setDaemon(true);
        thread.start();
    }

    /** Adds a callback; the returned handle removes it. */
    AutoCloseable register(Runnable callback) {
        // a wrapper, so that registering the same callback twice gives two independent handles
        Runnable entry = callback::run;
        callbacks.add(entry);
        return () -> callbacks.remove(entry);
    }

    private Connection listen() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("LISTEN " + channel);
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private void run() {
        Duration backoff = Duration.ofMillis(100);
        while (running) {
            Connection c;
            synchronized (connectionLock) {
                c = connection;
            }
            try {
                if (c == null) {
                    c = listen();
                    synchronized (connectionLock) {
                        if (!running) {
                            c.close();
                            return;
                        }
                        connection = c;
                    }
                    LOG.info("Listening for database changes again");
                    backoff = Duration.ofMillis(100);
                    fire();
                }
                PGNotification[] notifications = c.unwrap(PGConnection.class).getNotifications(POLL_MILLIS);
                if (notifications != null && notifications.length > 0 && running) {
                    LOG.debug("{} database change(s), first: {}", notifications.length, notifications[0].getParameter());
                    fire();
                }
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                LOG.warn("Lost the database connection listening for changes ({}); reconnecting in {} ms", e.getMessage(), backoff.toMillis());
                closeConnection();
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void fire() {
        for (Runnable callback : callbacks) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.warn("A database change callback failed", e);
            }
        }
    }

    private void closeConnection() {
        Connection c;
        synchronized (connectionLock) {
            c = connection;
            connection = null;
        }
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("Closing the listening connection", e);
            }
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops the thread and closes its connection. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
        if (thread.isAlive()) {
            LOG.warn("The database change listener thread did not stop within 5 s");
        }
        callbacks.clear();
    }
}
