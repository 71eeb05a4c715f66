package org.wadi.spi.scheduler;

/** A scheduler could not start workers; the message says why, for users. */
public class SchedulerException extends Exception {

    private static final long serialVersionUID = 1L;

    public SchedulerException(String message) {
        super(message);
    }

    public SchedulerException(String message, Throwable cause) {
        super(message, cause);
    }
}
