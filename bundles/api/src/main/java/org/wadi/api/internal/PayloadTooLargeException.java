package org.wadi.api.internal;

import javax.ws.rs.WebApplicationException;

/** A request body over the configured limit; answered 413. */
final class PayloadTooLargeException extends WebApplicationException {

    private static final long serialVersionUID = 1L;

    PayloadTooLargeException(long limit) {
        super(message(limit), 413);
    }

    static String message(long limit) {
        return "request body exceeds the limit of " + limit + " bytes";
    }
}
