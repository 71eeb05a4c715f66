package org.wadi.controller.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.store.ControllerLock;

/**
 * Runs this server's {@link Controller} only while the server holds the controller lock, so that of
 * several servers sharing a database exactly one drives jobs and talks to workers; the API of every
 * server stays usable, as it only reads and writes the database. Every check interval the lock is
 * taken or, while held, its session checked. A server that loses it (its database connection broke)
 * closes its controller at once: the reconciliation loop ends and the gRPC server closes every
 * worker session, so its workers stop too, and the server that takes the lock over restarts the jobs
 * from their last checkpoints. A standby keeps polling and starts a controller once it holds the lock.
 */
public final class ActiveController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveController.class);

    /** Starts a controller (its gRPC server and loop). */
    @FunctionalInterface
    public interface Factory {
        Controller start() throws IOException;
    }

    private final ControllerLock lock;
    private final Factory factory;
    private final ScheduledExecutorService election;
    private volatile Controller active;
    private boolean standbyLogged;

    /**
     * Starts polling the lock at once, then every {@code checkInterval}.
     *
     * @param lock the lock, owned from now on (closed with this)
     * @param factory starts the controller once the lock is held
     */
    public ActiveController(ControllerLock lock, Duration checkInterval, Factory factory) {
        this.lock = lock;
        this.factory = factory;
        this.election = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wadi-controller-election");
            t.setDaemon(true);
            return t;
        });
        election.scheduleWithFixedDelay(this::check, 0, checkInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            boolean held = lock.hold();
            Controller current = active;
            if (held && current == null) {
                start();
            } else if (!held && current != null) {
                LOG.warn("This server lost the controller lock: its controller stops now and its workers with it");
                active = null;
                current.close();
                standbyLogged = false;
            } else if (!held && !standbyLogged) {
                standbyLogged = true;
                LOG.info("Another server's controller is active; this server stands by (its API stays available)");
            }
        } catch (RuntimeException e) {
            LOG.error("The controller election check failed; the next one retries", e);
        }
    }

    private void start() {
        try {
            active = factory.start();
            standbyLogged = false;
        } catch (IOException | RuntimeException e) {
            // give the lock up, so that another server may act while this one cannot
            LOG.error("This server holds the controller lock but its controller cannot start; releasing the lock", e);
            lock.close();
        }
    }

    /** The controller, while this server is the active one. */
    public Optional<Controller> active() {
        return Optional.ofNullable(active);
    }

    @Override
    public void close() {
        election.shutdownNow();
        try {
            if (!election.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("The controller election did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Controller c = active;
        active = null;
        if (c != null) {
            c.close();
        }
        lock.close();
    }
}
