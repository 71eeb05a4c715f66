package org.wadi.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.wadi.store.ControllerLock;

/**
 * The controller runs only while its server holds the controller lock: a standby starts one when
 * it gets the lock, an active server closes its own at once when it loses it.
 */
class ActiveControllerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FakeStore store = new FakeStore();
    private final AtomicInteger started = new AtomicInteger();

    /** A lock whose answer the test sets; counts its checks and records whether it was closed. */
    private static final class SwitchLock implements ControllerLock {
        final AtomicBoolean free = new AtomicBoolean();
        final AtomicInteger checks = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public boolean hold() {
            checks.incrementAndGet();
            return free.get();
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    private Controller controller() throws IOException {
        started.incrementAndGet();
        Settings settings = new Settings("127.0.0.1", 0, "", Duration.ofMillis(50), "test", 2, WAIT, WAIT, WAIT, WAIT,
                Duration.ZERO, 100);
        return new Controller(store, null, null, null, new Schedulers(), new Connectors(), settings, Clock.systemUTC());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    @Test
    void aStandbyStartsItsControllerOnceItHoldsTheLockAndStopsItWhenItLosesIt() throws Exception {
        SwitchLock lock = new SwitchLock();
        try (ActiveController active = new ActiveController(lock, Duration.ofMillis(10), this::controller)) {
            await(() -> lock.checks.get() >= 3, "the standby polls the lock");
            assertTrue(active.active().isEmpty(), "no controller without the lock");
            assertEquals(0, started.get());

            lock.free.set(true);
            await(() -> active.active().isPresent(), "the controller started");
            Controller first = active.active().orElseThrow();
            int port = Integer.parseInt(first.address().substring(first.address().lastIndexOf(':') + 1));
            assertTrue(port > 0);

            lock.free.set(false);
            await(() -> active.active().isEmpty(), "the controller stopped with the lock lost");
            // its gRPC server is closed: its workers' sessions broke
            await(() -> !listening(port), "the gRPC port is closed");

            lock.free.set(true);
            await(() -> active.active().isPresent(), "a new controller once the lock is back");
            assertEquals(2, started.get());
        }
        assertTrue(lock.closed.get(), "closing gives the lock up");
    }

    @Test
    void aControllerThatCannotStartGivesTheLockUp() throws Exception {
        SwitchLock lock = new SwitchLock();
        lock.free.set(true);
        try (ActiveController active = new ActiveController(lock, Duration.ofMillis(10), () -> {
            started.incrementAndGet();
            throw new IOException("port taken");
        })) {
            await(() -> lock.closed.get(), "the lock given up");
            assertTrue(active.active().isEmpty());
            await(() -> started.get() >= 2, "and tried again");
        }
    }

    private static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
