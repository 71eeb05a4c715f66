package org.wadi.api.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.stream.Collectors;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.NoContentException;
import javax.ws.rs.core.Response;
import org.wadi.api.service.ApiException;

/**
 * Turns what went wrong into the API's error responses: {@code {"error": "…"}} with a precise
 * status and never a stack trace. Shared by the exception mappers, since the same cause can reach
 * them directly or wrapped by CXF.
 */
final class Errors {

    static final String INTERNAL = "internal error";

    private Errors() {
    }

    /** The longest message an error carries: values a request sent may be echoed, but not whole. */
    static final int MAX_MESSAGE_LENGTH = 2000;

    static Response response(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(bounded(message)))
                .build();
    }

    static String bounded(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_LENGTH) {
            return message;
        }
        return message.substring(0, MAX_MESSAGE_LENGTH) + "… (" + message.length() + " characters)";
    }

    /**
     * The response for an error the caller caused, found anywhere in the cause chain, or
     * {@code null} when there is none (an internal error).
     */
    static Response forCallerError(Throwable t) {
        // an oversized body first: Jackson wraps what the bounded stream throws into a mapping error
        for (Throwable c = t; c != null; c = next(c)) {
            if (c instanceof PayloadTooLargeException e) {
                return response(413, e.getMessage());
            }
        }
        for (Throwable c = t; c != null; c = next(c)) {
            if (c instanceof ApiException e) {
                return response(e.status(), e.getMessage());
            }
            if (c instanceof JsonProcessingException e) {
                return response(400, describe(e));
            }
            if (c instanceof NoContentException) {
                return response(400, "request body is required");
            }
        }
        return null;
    }

    private static Throwable next(Throwable t) {
        return t.getCause() == t ? null : t.getCause();
    }

    /** A JSON problem for users: what and where, without Java class names where possible. */
    static String describe(JsonProcessingException e) {
        String what = e.getOriginalMessage();
        if (e instanceof JsonMappingException m) {
            // a value our code refused (e.g. an unknown stop mode) explains itself best
            Throwable cause = m.getCause();
            if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
                what = cause.getMessage();
            }
            String path = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String prefix = path.isEmpty() ? "invalid request body: " : "invalid request body: field '" + path + "': ";
            return prefix + plain(firstLine(what));
        }
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? ""
                : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "invalid JSON in request body: " + plain(firstLine(what)) + where;
    }

    /** The message a client gets for a JAX-RS exception of {@code status} that says nothing useful. */
    static String forStatus(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        String message = e.getMessage();
        boolean generic = message == null || message.startsWith("HTTP " + status);
        if (!generic) {
            return message;
        }
        return switch (status) {
            case 400 -> "bad request";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 406 -> "not acceptable: this endpoint answers application/json";
            case 413 -> "request body too large";
            case 415 -> "unsupported media type: send the request body as application/json";
            default -> status >= 500 ? INTERNAL : "request failed with status " + status;
        };
    }

    /** Jackson's wording without its Java type names and configuration hints. */
    static String plain(String message) {
        String m = message;
        int hint = m.indexOf(" (but might if");
        if (hint >= 0) {
            m = m.substring(0, hint);
        }
        // the limits' messages name the Java method that sets them: ", from `StreamReadConstraints.…()`"
        m = m.replaceAll(", from `[^`]*`", "").replaceAll(" \\(token `JsonToken\\.[A-Z_]+`\\)", "");
        return m.replaceAll("`(java\\.lang\\.)?(Long|long|Integer|int)`", "a whole number")
                .replaceAll("`(java\\.lang\\.)?(Boolean|boolean)`", "a boolean")
                .replaceAll("`java\\.lang\\.String`", "a string")
                .replaceAll("`org\\.wadi\\.[a-z.]+\\.([A-Za-z]+)`", "$1")
                .replaceAll("`java\\.util\\.(List|ArrayList)(<[^`]*>)?`", "an array")
                .replaceAll("`java\\.util\\.(Map|HashMap|LinkedHashMap|TreeMap)(<[^`]*>)?`", "an object")
                .replace(" (although at least one Creator exists)", "")
                // a value of the wrong JSON type where a contract type reads text (a stop mode)
                .replaceAll("Input mismatch reading Enum `?([A-Za-z]+)`?: .*expects String Value, got ([A-Za-z]+) value.*",
                        "expected a string, got $2 value")
                .replaceAll("Cannot construct instance of (.+?): no [A-Za-z]+-argument constructor/factory method to"
                        + " deserialize from", "Cannot construct $1 from")
                // any other Java type: its simple name
                .replaceAll("`(?:[a-z][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_$]*)(<[^`]*>)?`", "$1");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
