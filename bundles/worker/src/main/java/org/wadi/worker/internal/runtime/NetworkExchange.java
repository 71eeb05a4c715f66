package org.wadi.worker.internal.runtime;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.net.EncodedRows;
import org.wadi.worker.internal.net.ExchangeException;
import org.wadi.worker.internal.net.ExchangeSession;
import org.wadi.worker.internal.net.InChannel;
import org.wadi.worker.internal.net.Inbound;
import org.wadi.worker.internal.net.OutChannel;
import org.wadi.worker.internal.net.RowCodec;

/**
 * The exchange between subtasks on different workers, over the execution's
 * {@link ExchangeSession}. Sending: a local source subtask's rows for a remote target go out on the
 * channel of their (edge, from, to) pair. Receiving: each remote sender of a local gate is counted
 * with {@link InputGate#addSender} while building — as a local sender would be — and its channel's
 * elements are offered to the gate without waiting (the channel's credit bounds them), so the task
 * cannot tell them apart; it decodes the rows when it takes them, and each element it takes gives
 * the sender its credit back.
 *
 * <p>Both workers number the channels alike from the plan: the edges in plan order, each taking
 * {@code source parallelism × target parallelism} ids, {@code from × target parallelism + to}
 * within its range. Each channel holds {@code credits} elements in flight at most (the gate's
 * capacity).
 */
final class NetworkExchange implements Exchange {

    private final ExchangeSession session;
    private final Execution.Placement placement;
    private final int credits;
    private final Map<PlanEdge, Integer> firstId = new IdentityHashMap<>();
    private final Map<PlanEdge, Integer> targetParallelism = new IdentityHashMap<>();
    private final Map<PlanEdge, RowCodec> codecs = new IdentityHashMap<>();
    /** The gates fed from other workers. */
    private final Set<InputGate> gates = Collections.newSetFromMap(new IdentityHashMap<>());

    NetworkExchange(DataflowPlan plan, ExchangeSession session, Execution.Placement placement, int credits)
            throws PlanException {
        this.session = session;
        this.placement = placement;
        this.credits = credits;
        Map<String, Integer> parallelism = new HashMap<>();
        for (PlanNode n : plan.nodes()) {
            parallelism.put(n.id(), n.parallelism());
        }
        long next = 0;
        for (PlanEdge e : plan.edges()) {
            int targets = parallelism.getOrDefault(e.target(), 0);
            firstId.put(e, (int) next);
            targetParallelism.put(e, targets);
            codecs.put(e, RowCodec.of(e.schema()));
            next += (long) parallelism.getOrDefault(e.source(), 0) * targets;
            if (next > Integer.MAX_VALUE) {
                throw new PlanException("the plan has more than " + Integer.MAX_VALUE
                        + " channels between subtasks: lower its parallelism", "internal");
            }
        }
    }

    private int id(PlanEdge e, int from, int to) {
        return firstId.get(e) + from * targetParallelism.get(e) + to;
    }

    @Override
    public BatchSender sender(PlanEdge edge, int input, int from, int to) throws PlanException {
        OutChannel out;
        try {
            out = session.sender(placement.workerOf(edge.target(), to), id(edge, from, to), codecs.get(edge));
        } catch (IllegalArgumentException e) {
            throw new PlanException(e.getMessage() + " (edge " + edge.source() + " -> " + edge.target() + ", subtask "
                    + from + " -> " + to + ")", "internal", e);
        }
        return new BatchSender() {
            @Override
            public void send(Object[][] rows, int count) throws InterruptedException {
                try {
                    out.send(rows, count);
                } catch (ExchangeException e) {
                    throw failure(e);
                }
            }

            @Override
            public long lastBytes() {
                return out.lastBatchBytes();
            }

            @Override
            public void watermark(long watermark) throws InterruptedException {
                try {
                    out.watermark(watermark);
                } catch (ExchangeException e) {
                    throw failure(e);
                }
            }

            @Override
            public void barrier(long epoch, boolean thenStop) throws InterruptedException {
                try {
                    out.barrier(epoch, thenStop);
                } catch (ExchangeException e) {
                    throw failure(e);
                }
            }

            @Override
            public void end() throws InterruptedException {
                try {
                    out.end();
                } catch (ExchangeException e) {
                    throw failure(e);
                }
            }
        };
    }

    /**
     * A broken channel fails the task with the reason; one whose receiver ended on purpose (its
     * tasks were stopped or failed, and said so) ends it as cancelled.
     */
    private static RuntimeException failure(ExchangeException e) {
        if (e.peerEnded()) {
            return new CancelledException();
        }
        return new TaskFailure(e.getMessage(), "internal", e);
    }

    /**
     * Counts subtask {@code from} of {@code edge}'s source, on another worker, as a sender of
     * {@code gate} (local subtask {@code to} of its target) and offers what arrives on their channel
     * to it: rows still encoded, decoded by the task when it takes them, which gives the channel's
     * credit back. A connection that breaks before the channel ended fails the task at once.
     */
    void receive(PlanEdge edge, int input, int from, int to, InputGate gate) {
        int channel = gate.addSender();
        String peer = placement.workerOf(edge.source(), from);
        String what = "rows of edge " + edge.source() + " -> " + edge.target() + " from subtask " + from
                + " on worker " + peer + " to subtask " + to;
        InChannel in = session.receiver(peer, id(edge, from, to), codecs.get(edge), credits, new Inbound() {
            @Override
            public void rows(EncodedRows rows) {
                gate.offerEncoded(input, channel, new InputGate.Encoded() {
                    @Override
                    public Object[][] decode() {
                        try {
                            return rows.decode();
                        } catch (RuntimeException e) {
                            throw new TaskFailure("cannot read the " + what + ": " + e.getMessage(), "internal", e);
                        }
                    }

                    @Override
                    public int bytes() {
                        return rows.bytes();
                    }

                    @Override
                    public void release() {
                        rows.release();
                    }
                });
            }

            @Override
            public void watermark(long watermark) {
                gate.offer(Batch.watermark(input, channel, watermark));
            }

            @Override
            public void barrier(long epoch, boolean thenStop) {
                gate.offer(Batch.barrier(input, channel, epoch, thenStop));
            }

            @Override
            public void end() {
                gate.offer(Batch.end(input, channel));
            }

            @Override
            public void broken(String message) {
                gate.fail(new TaskFailure(message + " (" + what + ")", "internal", null));
            }
        });
        gate.onTake(channel, in::taken);
        gates.add(gate);
    }

    /** Every channel is declared: connect. */
    void open() {
        session.open();
    }

    /** Ends the session; then the gates it fed let go of the encoded rows no task will take. */
    void close() {
        session.close();
        for (InputGate gate : gates) {
            gate.discard();
        }
    }
}
