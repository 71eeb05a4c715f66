package org.wadi.worker.internal.runtime;

/**
 * A task failed for a reason it can describe to users; travels up through the chain's direct
 * calls to the task loop, which reports it.
 */
public final class TaskFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** {@code user} when the pipeline (its data, options or connectors) is at fault, else {@code internal}. */
    private final String domain;

    public TaskFailure(String message, String domain, Throwable cause) {
        super(message, cause);
        this.domain = domain;
    }

    public String domain() {
        return domain;
    }

    /** How an exception from connector code reads for users. */
    static String describe(Throwable t) {
        if (t instanceof org.wadi.spi.connector.ConnectorException && t.getMessage() != null) {
            return t.getMessage();
        }
        return t.getMessage() == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
