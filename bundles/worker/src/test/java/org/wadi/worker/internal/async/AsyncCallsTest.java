package org.wadi.worker.internal.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.wadi.spi.function.AsyncFunction;
import org.wadi.spi.function.FunctionRef;
import org.wadi.spi.function.FunctionSignature;
import org.wadi.spi.plan.AsyncFunctionOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.runtime.RowOutput;
import org.wadi.worker.internal.runtime.TaskFailure;

class AsyncCallsTest {

    /** What reaches the next operator, in order: rows as "n=result", watermarks, barriers, the end. */
    static final class Recorder implements RowOutput {
        final List<String> events = new ArrayList<>();

        @Override
        public void collect(Object[] row) {
            events.add(row[0] + "=" + row[1] + "@" + row[2]);
        }

        @Override
        public void watermark(long watermark) {
            events.add("wm " + watermark);
        }

        @Override
        public void barrier(long epoch, boolean thenStop) {
            events.add("barrier " + epoch);
        }

        @Override
        public void flush() {
        }

        @Override
        public void finish() {
            events.add("end");
        }
    }

    /** {@code twice(n)}: 2n after n × 40 ms for n < 5, at once otherwise; counts the calls in flight. */
    static final class Twice implements AsyncFunction {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final Function<Long, CompletableFuture<Object>> body;

        Twice(Function<Long, CompletableFuture<Object>> body) {
            this.body = body;
        }

        Twice() {
            this(n -> {
                Executor later = CompletableFuture.delayedExecutor(n < 5 ? n * 40 : 0, TimeUnit.MILLISECONDS);
                return CompletableFuture.supplyAsync(() -> (Object) (2 * n), later);
            });
        }

        @Override
        public FunctionSignature signature() {
            return FunctionSignature.of("twice", DataType.INT64, DataType.INT64);
        }

        @Override
        public CompletableFuture<Object> invoke(Object[] arguments) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            return body.apply((Long) arguments[0]).whenComplete((v, t) -> inFlight.decrementAndGet());
        }
    }

    private static final Schema IN = new Schema(List.of(new Field("n", DataType.INT64, true),
            new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false)));
    private static final Schema OUT = new Schema(List.of(new Field("n", DataType.INT64, true),
            new Field("t", DataType.INT64, true), new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false)));

    private static AsyncFunctionOperator spec(boolean ordered, Duration timeout, int maxConcurrency) {
        return new AsyncFunctionOperator(IN, FunctionRef.service(FunctionRef.Kind.ASYNC, "twice", "b", "1"),
                List.of(0), ordered, timeout.toNanos(), maxConcurrency, OUT);
    }

    private static Object[] row(Long n) {
        return new Object[] {n, 1000L + (n == null ? 0 : n)};
    }

    @Test
    void orderedRowsKeepTheirInputOrderAndAWatermarkWaitsForThem() {
        Recorder out = new Recorder();
        AsyncCalls op = new AsyncCalls("async_1", spec(true, Duration.ofSeconds(5), 100), new Twice(), out);
        // later rows complete first: 4 takes 160 ms, 1 takes 40 ms
        for (long n = 4; n >= 1; n--) {
            op.collect(row(n));
        }
        op.collect(row(null));
        op.watermark(2000);
        assertEquals(List.of("4=8@1004", "3=6@1003", "2=4@1002", "1=2@1001", "null=null@1000", "wm 2000"), out.events);
        assertEquals(0, op.inFlight());
    }

    @Test
    void unorderedRowsLeaveAsTheyCompleteButNeverAfterTheBarrierOrTheEnd() {
        Recorder out = new Recorder();
        AsyncCalls op = new AsyncCalls("async_1", spec(false, Duration.ofSeconds(5), 100), new Twice(), out);
        op.collect(row(4L));
        op.collect(row(1L));
        op.barrier(7, false);
        op.collect(row(9L));
        op.finish();
        // 1 (40 ms) before 4 (160 ms); both before the barrier; 9 before the end
        assertEquals(List.of("1=2@1001", "4=8@1004", "barrier 7", "9=18@1009", "end"), out.events);
    }

    @Test
    void noMoreCallsThanTheConcurrencyLimitAreInFlight() {
        Recorder out = new Recorder();
        Twice twice = new Twice();
        AsyncCalls op = new AsyncCalls("async_1", spec(false, Duration.ofSeconds(5), 2), twice, out);
        for (long n = 1; n <= 4; n++) {
            op.collect(row(n));
        }
        assertTrue(op.inFlight() <= 2, "in flight: " + op.inFlight());
        assertEquals(null, op.snapshot(1));
        assertEquals(2, twice.maxInFlight.get());
        assertEquals(4, out.events.size(), out.events.toString());
    }

    @Test
    void aCallThatTakesTooLongFailsTheTaskNamingFunctionAndArguments() {
        Recorder out = new Recorder();
        AsyncCalls op = new AsyncCalls("async_1", spec(true, Duration.ofMillis(200), 10),
                new Twice(n -> new CompletableFuture<>()), out);
        op.collect(row(3L));
        TaskFailure e = assertThrows(TaskFailure.class, op::finish);
        assertEquals("async function 'twice' in async_1 took longer than its timeout of 0.2s on arguments [3]",
                e.getMessage());
        assertEquals("user", e.domain());
        assertEquals(List.of(), out.events);
    }

    @Test
    void aFailedCallFailsTheTask() {
        Recorder out = new Recorder();
        AsyncCalls op = new AsyncCalls("async_1", spec(false, Duration.ofSeconds(5), 10),
                new Twice(n -> CompletableFuture.failedFuture(new IllegalStateException("service down"))), out);
        // the call has failed already: the task fails at once, not at the next watermark
        TaskFailure e = assertThrows(TaskFailure.class, () -> op.collect(row(3L)));
        assertEquals("async function 'twice' in async_1 failed: java.lang.IllegalStateException: service down on"
                + " arguments [3]", e.getMessage());
        assertEquals(List.of(), out.events);
    }
}
