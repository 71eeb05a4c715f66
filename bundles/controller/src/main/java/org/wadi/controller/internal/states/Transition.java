package org.wadi.controller.internal.states;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.wadi.store.Job;

/**
 * A decision of a {@link State}: the next state, the reason (recorded in the job's history, shown
 * to users) and how the job's stored fields change with it.
 */
public record Transition(State next, String reason, UnaryOperator<Job> update) {

    private static final Transition STAY = new Transition(null, null, UnaryOperator.identity());

    /** Remain in the current state. */
    public static Transition stay() {
        return STAY;
    }

    /** Move to {@code next}, for {@code reason}. */
    public static Transition to(State next, String reason) {
        return new Transition(Objects.requireNonNull(next, "next"), Objects.requireNonNull(reason, "reason"),
                UnaryOperator.identity());
    }

    /** This transition, also changing the job's fields. */
    public Transition updating(UnaryOperator<Job> more) {
        UnaryOperator<Job> first = update;
        return new Transition(next, reason, j -> more.apply(first.apply(j)));
    }

    public boolean isStay() {
        return next == null;
    }
}
