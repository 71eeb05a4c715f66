package org.wadi.api.service;

/**
 * A request that cannot be served because of what the caller asked, with a message for users. The
 * REST API answers it as {@code {"error": message}} with {@link #status()}; the shell prints the
 * message.
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The kinds of failure, each with its HTTP status. */
    public enum Kind {
        BAD_REQUEST(400),
        NOT_FOUND(404),
        CONFLICT(409),
        PAYLOAD_TOO_LARGE(413),
        UNAVAILABLE(503);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;

    public ApiException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(Kind.BAD_REQUEST, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(Kind.NOT_FOUND, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(Kind.CONFLICT, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status that answers it. */
    public int status() {
        return kind.status();
    }
}
