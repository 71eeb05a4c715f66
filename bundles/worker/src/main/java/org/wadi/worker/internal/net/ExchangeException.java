package org.wadi.worker.internal.net;

/**
 * A channel to another worker can no longer carry data: the connection could not be made, broke,
 * or was refused ({@link #peerEnded} false), or the peer ended its part of the exchange on purpose
 * — its tasks were stopped or failed and reported it themselves ({@link #peerEnded} true).
 */
public final class ExchangeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean peerEnded;

    ExchangeException(String message, boolean peerEnded) {
        super(message);
        this.peerEnded = peerEnded;
    }

    /** Whether the peer closed its end on purpose rather than the connection failing. */
    public boolean peerEnded() {
        return peerEnded;
    }
}
