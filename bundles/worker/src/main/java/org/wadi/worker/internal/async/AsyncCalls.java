package org.wadi.worker.internal.async;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.wadi.spi.function.AsyncFunction;
import org.wadi.spi.plan.AsyncFunctionOperator;
import org.wadi.worker.internal.expr.FunctionResolver;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.runtime.Lifecycle;
import org.wadi.worker.internal.runtime.RowOutput;
import org.wadi.worker.internal.runtime.Snapshottable;
import org.wadi.worker.internal.runtime.TaskFailure;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * The runtime of an {@link AsyncFunctionOperator}: starts a call of the asynchronous function per
 * row, keeps at most {@code maxConcurrency} in flight, and passes each row on with the call's
 * result appended before its {@code _timestamp} — in input order when the operator is ordered, as
 * calls complete otherwise.
 *
 * <p>Everything downstream runs on the task's thread: completed calls are passed on when the task
 * calls in (a row, {@link #flush}, a watermark, a barrier). A watermark, a checkpoint barrier (and
 * the snapshot before it) and the end of the input wait until every call started before them has
 * completed and its row has been passed on, so no row is in flight when a checkpoint is taken and
 * no watermark overtakes the rows before it: results are exactly-once without checkpointing the
 * calls. A call that fails, or takes longer than the timeout, fails the task with a message naming
 * the function and the row.
 */
public final class AsyncCalls implements RowOutput, Lifecycle, Snapshottable {

    /** One row's call. */
    private static final class Call {
        final Object[] row;
        final CompletableFuture<Object> result;

        Call(Object[] row, CompletableFuture<Object> result) {
            this.row = row;
            this.result = result;
        }
    }

    private final String operatorId;
    private final AsyncFunction function;
    private final int[] arguments;
    private final boolean ordered;
    private final long timeoutNanos;
    private final int maxConcurrency;
    private final RowOutput next;

    /** Calls in input order (ordered mode), or all started and not yet passed on (unordered mode). */
    private final ArrayDeque<Call> inFlight = new ArrayDeque<>();
    /** Unordered mode: calls completed, in completion order, not yet passed on. */
    private final LinkedBlockingQueue<Call> completed = new LinkedBlockingQueue<>();
    private int pending;

    public AsyncCalls(String operatorId, AsyncFunctionOperator spec, AsyncFunction function, RowOutput next) {
        this.operatorId = operatorId;
        this.function = function;
        this.arguments = spec.arguments().stream().mapToInt(Integer::intValue).toArray();
        this.ordered = spec.ordered();
        this.timeoutNanos = spec.timeoutNanos();
        this.maxConcurrency = spec.maxConcurrency();
        this.next = next;
    }

    /**
     * The function an operator calls, found as the planner named it.
     *
     * @throws PlanException when it is not installed here, or its arguments do not match
     */
    public static AsyncFunction resolve(String operatorId, AsyncFunctionOperator spec, FunctionResolver functions)
            throws PlanException {
        AsyncFunction f = functions.async(spec.function());
        int want = f.signature().arguments().size();
        if (want != spec.arguments().size()) {
            throw new PlanException("async function '" + spec.function().name() + "' of " + spec.function().origin()
                    + " takes " + want + " argument(s); " + operatorId + " passes " + spec.arguments().size(), "user");
        }
        return f;
    }

    @Override
    public void open() {
    }

    @Override
    public void close() {
        for (Call c : inFlight) {
            c.result.cancel(true);
        }
        inFlight.clear();
        completed.clear();
        pending = 0;
    }

    @Override
    public void collect(Object[] row) {
        while (pending >= maxConcurrency) {
            awaitOne();
        }
        start(row);
        passOnCompleted();
    }

    private void start(Object[] row) {
        Object[] args = new Object[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            args[i] = row[arguments[i]];
        }
        CompletableFuture<Object> result;
        boolean strictNull = function.signature().strict() && Arrays.stream(args).anyMatch(a -> a == null);
        if (strictNull) {
            result = CompletableFuture.completedFuture(null);
        } else {
            try {
                CompletableFuture<Object> f = function.invoke(args);
                result = f == null ? CompletableFuture.failedFuture(new IllegalStateException("it returned no future"))
                        : f.thenApply(v -> v);
            } catch (RuntimeException e) {
                result = CompletableFuture.failedFuture(e);
            }
            result = result.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
        }
        Call call = new Call(row, result);
        inFlight.add(call);
        pending++;
        if (!ordered) {
            result.whenComplete((v, t) -> completed.add(call));
        }
    }

    /** Passes on, without waiting, the rows whose calls have completed (in order when ordered). */
    private void passOnCompleted() {
        if (ordered) {
            while (!inFlight.isEmpty() && inFlight.peekFirst().result.isDone()) {
                emit(inFlight.pollFirst());
            }
        } else {
            Call c;
            while ((c = completed.poll()) != null) {
                inFlight.remove(c);
                emit(c);
            }
        }
    }

    /** Waits until at least one more row can be passed on, and passes on what is ready. */
    private void awaitOne() {
        Call c;
        if (ordered) {
            c = inFlight.pollFirst();
            waitFor(c);
            emit(c);
        } else {
            try {
                // every call completes (or times out) within its timeout: a little longer is a bug
                c = completed.poll(timeoutNanos + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TaskFailure("interrupted while waiting for async function '" + function.signature().name()
                        + "' in " + operatorId, "internal", e);
            }
            if (c == null) {
                throw new TaskFailure("async function '" + function.signature().name() + "' in " + operatorId
                        + ": no call completed within its timeout", "internal", null);
            }
            inFlight.remove(c);
            emit(c);
        }
        passOnCompleted();
    }

    private void waitFor(Call c) {
        try {
            c.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskFailure("interrupted while waiting for async function '" + function.signature().name()
                    + "' in " + operatorId, "internal", e);
        } catch (ExecutionException e) {
            // reported by emit
        }
    }

    /** Every call started so far has completed and its row has been passed on. */
    private void drain() {
        while (pending > 0) {
            awaitOne();
        }
    }

    private void emit(Call c) {
        pending--;
        Object value;
        try {
            value = c.result.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            throw failure(c, e.getCause() != null ? e.getCause() : e);
        }
        Object[] in = c.row;
        int n = in.length;
        Object[] out = new Object[n + 1];
        System.arraycopy(in, 0, out, 0, n - 1);
        out[n - 1] = value;
        out[n] = in[n - 1];
        next.collect(out);
    }

    private TaskFailure failure(Call c, Throwable cause) {
        String name = function.signature().name();
        Object[] args = new Object[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            args[i] = c.row[arguments[i]];
        }
        String what = cause instanceof TimeoutException
                ? "took longer than its timeout of " + Duration.ofNanos(timeoutNanos).toString().substring(2).toLowerCase()
                : "failed: " + cause;
        return new TaskFailure("async function '" + name + "' in " + operatorId + " " + what + " on arguments "
                + Arrays.deepToString(args), "user", cause);
    }

    @Override
    public void watermark(long watermark) {
        drain();
        next.watermark(watermark);
    }

    @Override
    public void barrier(long epoch, boolean thenStop) {
        drain();
        next.barrier(epoch, thenStop);
    }

    @Override
    public void flush() {
        passOnCompleted();
        next.flush();
    }

    @Override
    public void finish() {
        drain();
        next.finish();
    }

    /** Completes every call before the operators after this one take their snapshots; keeps no state. */
    @Override
    public StateWriter snapshot(long epoch) {
        drain();
        return null;
    }

    @Override
    public void restore(StateReader state) {
        // nothing is checkpointed: no call is in flight at a checkpoint
    }

    /** How many calls are started and not yet passed on (for tests). */
    int inFlight() {
        return pending;
    }
}
