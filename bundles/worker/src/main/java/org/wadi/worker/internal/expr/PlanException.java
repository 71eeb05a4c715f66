package org.wadi.worker.internal.expr;

/**
 * A plan cannot be executed as given: an operator the runtime does not support, a connector that
 * is not installed, an edge it cannot build. Raised while building tasks, before any row flows.
 */
public final class PlanException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Whether the user's pipeline is at fault ({@code "user"}) or Wadi ({@code "internal"}). */
    private final String domain;

    public PlanException(String message, String domain) {
        super(message);
        this.domain = domain;
    }

    public PlanException(String message, String domain, Throwable cause) {
        super(message, cause);
        this.domain = domain;
    }

    public String domain() {
        return domain;
    }
}
