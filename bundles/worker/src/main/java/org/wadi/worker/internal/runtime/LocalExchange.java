package org.wadi.worker.internal.runtime;

import java.util.HashMap;
import java.util.Map;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.worker.internal.expr.PlanException;

/** The exchange between subtasks of this worker: batches go straight into the target's gate. */
final class LocalExchange implements Exchange {

    private final Map<String, InputGate> gates = new HashMap<>();

    void register(String nodeId, int subtask, InputGate gate) {
        gates.put(nodeId + "#" + subtask, gate);
    }

    InputGate gate(String nodeId, int subtask) {
        return gates.get(nodeId + "#" + subtask);
    }

    @Override
    public BatchSender sender(PlanEdge edge, int input, int from, int to) throws PlanException {
        InputGate gate = gate(edge.target(), to);
        if (gate == null) {
            throw new PlanException("subtask " + to + " of " + edge.target() + " does not run in this worker (edge "
                    + edge.source() + " -> " + edge.target() + ", subtask " + from + " -> " + to + ")", "internal");
        }
        return into(gate, input, gate.addSender());
    }

    /** A sender putting batches into channel {@code channel} of {@code gate}, as rows of input {@code input}. */
    static BatchSender into(InputGate gate, int input, int channel) {
        return new BatchSender() {
            @Override
            public void send(Object[][] rows, int count) throws InterruptedException {
                gate.put(Batch.rows(rows, count, input, channel));
            }

            @Override
            public void watermark(long watermark) throws InterruptedException {
                gate.put(Batch.watermark(input, channel, watermark));
            }

            @Override
            public void barrier(long epoch, boolean thenStop) throws InterruptedException {
                gate.put(Batch.barrier(input, channel, epoch, thenStop));
            }

            @Override
            public void end() throws InterruptedException {
                gate.put(Batch.end(input, channel));
            }
        };
    }
}
