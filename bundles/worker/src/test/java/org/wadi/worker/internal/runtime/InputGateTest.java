package org.wadi.worker.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The gate's side for remote senders: offers, rows decoded on take, the take hook, failing and discarding. */
class InputGateTest {

    /** Encoded rows that record on which thread they were decoded, and whether they were let go. */
    static final class Rows implements InputGate.Encoded {
        final Object[][] rows;
        volatile Thread decodedOn;
        volatile boolean released;

        Rows(long... values) {
            rows = new Object[values.length][];
            for (int i = 0; i < values.length; i++) {
                rows[i] = new Object[] {values[i]};
            }
        }

        @Override
        public Object[][] decode() {
            decodedOn = Thread.currentThread();
            return rows;
        }

        @Override
        public void release() {
            released = true;
        }
    }

    @Test
    void encodedRowsAreDecodedByTheTakerAndEachTakeRunsTheChannelsHookAfterwards() throws Exception {
        InputGate gate = new InputGate(4);
        int local = gate.addSender();
        int remote = gate.addSender();
        List<String> taken = new ArrayList<>();
        gate.onTake(remote, () -> taken.add("remote"));
        Rows first = new Rows(1, 2);
        gate.offerEncoded(1, remote, first);
        gate.put(Batch.rows(new Object[][] {{9L}}, 1, 0, local));
        gate.offer(Batch.watermark(1, remote, 100));
        assertNull(first.decodedOn, "not decoded on the offering thread");
        assertEquals(List.of(), taken, "no credit before the consumer takes");

        Batch b = gate.take();
        assertSame(Thread.currentThread(), first.decodedOn);
        assertEquals(2, b.count());
        assertEquals(1, b.input());
        assertEquals(remote, b.channel());
        assertEquals(2L, b.rows()[1][0]);
        assertEquals(List.of("remote"), taken);
        assertEquals(local, gate.take().channel());
        assertEquals(List.of("remote"), taken, "the local channel has no hook");
        assertTrue(gate.poll().isWatermark());
        assertEquals(List.of("remote", "remote"), taken);
        assertNull(gate.poll());
    }

    @Test
    void aFailedGateFailsAWaitingConsumerAtOnceWhateverIsQueued() throws Exception {
        InputGate gate = new InputGate(4);
        int c = gate.addSender();
        CompletableFuture<Batch> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return gate.take(60_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        TaskFailure broken = new TaskFailure("the data connection from worker w1 broke", "internal", null);
        long start = System.nanoTime();
        gate.fail(broken);
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
        assertSame(broken, e.getCause());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
        gate.offer(Batch.watermark(0, c, 5));
        assertSame(broken, assertThrows(TaskFailure.class, gate::poll), "queued elements do not hide the failure");
        gate.fail(new TaskFailure("later", "internal", null));
        assertSame(broken, assertThrows(TaskFailure.class, gate::take), "the first failure sticks");
    }

    @Test
    void discardingLetsGoOfQueuedAndLaterEncodedRows() {
        InputGate gate = new InputGate(4);
        int c = gate.addSender();
        AtomicInteger hooks = new AtomicInteger();
        gate.onTake(c, hooks::incrementAndGet);
        Rows queued = new Rows(1);
        gate.offerEncoded(0, c, queued);
        gate.discard();
        assertTrue(queued.released);
        assertNull(queued.decodedOn);
        Rows late = new Rows(2);
        gate.offerEncoded(0, c, late);
        assertTrue(late.released, "offered after the discard");
        assertNull(gate.poll());
        assertEquals(0, hooks.get());
        assertFalse(late.decodedOn != null);
    }
}
