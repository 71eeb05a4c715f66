package org.wadi.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import javax.ws.rs.BadRequestException;
import javax.ws.rs.NotAcceptableException;
import javax.ws.rs.NotAllowedException;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.NotSupportedException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.NoContentException;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.wadi.api.service.ApiException;
import org.wadi.api.service.PipelinePatch;
import org.wadi.api.service.PipelinePost;

/** Each kind of error becomes its status and {@code {"error": "…"}}, with no stack trace in sight. */
class ExceptionMappersTest {

    private final ObjectMapper mapper = ApiJson.newMapper();

    @Test
    void apiExceptionsKeepTheirStatusAndMessage() throws Exception {
        ApiExceptionMapper m = new ApiExceptionMapper();
        assertError(m.toResponse(ApiException.notFound("pipeline 'pl_x' not found")), 404, "pipeline 'pl_x' not found");
        assertError(m.toResponse(ApiException.conflict("busy")), 409, "busy");
        assertError(m.toResponse(ApiException.badRequest("name must not be empty")), 400, "name must not be empty");
    }

    @Test
    void malformedJsonSaysWhereAndWhat() throws Exception {
        JsonProcessingException e = assertThrows(JsonProcessingException.class,
                () -> mapper.readValue("{\"name\": \"p\",\n \"query\": }", PipelinePost.class));
        Response r = new JsonExceptionMapper().toResponse(e);
        String message = assertError(r, 400, "invalid JSON in request body: ");
        assertTrue(message.contains("at line 2, column"), message);
    }

    @Test
    void aWrongValueNamesTheFieldAndTheValidChoices() throws Exception {
        JsonProcessingException e = assertThrows(JsonProcessingException.class,
                () -> mapper.readValue("{\"stop\": \"later\"}", PipelinePatch.class));
        assertError(new JsonExceptionMapper().toResponse(e), 400,
                "invalid request body: field 'stop': invalid stop mode 'later': expected one of none, checkpoint, graceful, immediate, force");

        JsonProcessingException type = assertThrows(JsonProcessingException.class,
                () -> mapper.readValue("{\"parallelism\": \"four\"}", PipelinePost.class));
        String message = assertError(new JsonExceptionMapper().toResponse(type), 400, "invalid request body: field 'parallelism': ");
        assertFalse(message.contains("\n"), message);

        JsonProcessingException quoted = assertThrows(JsonProcessingException.class,
                () -> mapper.readValue("{\"parallelism\": \"1\"}", PipelinePost.class));
        assertEquals("invalid request body: field 'parallelism': Cannot coerce String value (\"1\") to a whole number value",
                Errors.describe(quoted));
    }

    @Test
    void anOversizedBodyIsA413EvenWhenJacksonWrapsIt() throws Exception {
        // the limit is crossed inside the query's value, so Jackson wraps the stream's exception with the field's path
        byte[] body = ("{\"name\": \"p\", \"query\": \"" + "x".repeat(40_000) + "\"}").getBytes();
        JsonMappingException e = assertThrows(JsonMappingException.class,
                () -> mapper.readValue(new BoundedInputStream(new java.io.ByteArrayInputStream(body), 20_000), PipelinePost.class));
        assertError(new JsonExceptionMapper().toResponse(e), 413, "request body exceeds the limit of 20000 bytes");
        assertError(new CatchAllExceptionMapper().toResponse(new BadRequestException(e)), 413,
                "request body exceeds the limit of 20000 bytes");
    }

    @Test
    void deepNestingAndHugeNumbersAreRefusedAs400WithoutJavaNames() throws Exception {
        String deep = "{\"unknown\": " + "[".repeat(ApiJson.MAX_NESTING_DEPTH + 1) + "]".repeat(ApiJson.MAX_NESTING_DEPTH + 1) + "}";
        JsonProcessingException nested = assertThrows(JsonProcessingException.class,
                () -> mapper.readValue(deep, PipelinePost.class));
        String message = assertError(new CatchAllExceptionMapper().toResponse(nested), 400, "invalid JSON in request body: ");
        assertTrue(message.contains("nesting depth (65) exceeds the maximum allowed (64)"), message);
        assertFalse(message.contains("`") || message.contains("StreamReadConstraints"), message);

        String huge = "{\"parallelism\": 1" + "0".repeat(ApiJson.MAX_NUMBER_LENGTH) + "}";
        JsonProcessingException number = assertThrows(JsonProcessingException.class,
                () -> mapper.readValue(huge, PipelinePost.class));
        message = assertError(new JsonExceptionMapper().toResponse(number), 400, "invalid ");
        assertTrue(message.contains("exceeds the maximum allowed (100)"), message);
        assertFalse(message.contains("`") || message.contains("StreamReadConstraints"), message);

        JsonProcessingException array = assertThrows(JsonProcessingException.class,
                () -> mapper.readValue("{\"name\": []}", PipelinePost.class));
        assertEquals("invalid request body: field 'name': Cannot deserialize value of type a string from Array value",
                Errors.describe(array));

        JsonProcessingException overflow = assertThrows(JsonProcessingException.class,
                () -> mapper.readValue("{\"parallelism\": 99999999999999999999}", PipelinePost.class));
        assertError(new JsonExceptionMapper().toResponse(overflow), 400, "invalid ");
    }

    @Test
    void aStringWhereAnObjectBelongsNamesNoJavaTypeAndEchoesNoWholeValue() throws Exception {
        String huge = "x".repeat(50_000);
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> mapper.readValue(
                "{\"name\": \"p\", \"connector\": \"impulse\", \"config\": \"" + huge + "\"}",
                org.wadi.api.service.ConnectionProfilePost.class));
        String message = assertError(new JsonExceptionMapper().toResponse(e), 400,
                "invalid request body: field 'config': Cannot construct an object from String value ('xxx");
        assertFalse(message.contains("java.") || message.contains("`") || message.contains("Creator"), message);
        assertTrue(message.length() < Errors.MAX_MESSAGE_LENGTH + 50, "the message echoes " + message.length() + " characters");
    }

    @Test
    void theNulCharacterIsRefusedInTextAndKeys() throws Exception {
        JsonProcessingException value = assertThrows(JsonProcessingException.class,
                () -> mapper.readValue("{\"name\": \"a\\u0000b\", \"query\": \"q\"}", PipelinePost.class));
        assertError(new JsonExceptionMapper().toResponse(value), 400,
                "invalid request body: field 'name': text must not contain the NUL character (\\u0000)");
        JsonProcessingException key = assertThrows(JsonProcessingException.class, () -> mapper.readValue(
                "{\"name\": \"p\", \"connector\": \"impulse\", \"config\": {\"\\u0000\": \"x\"}}",
                org.wadi.api.service.ConnectionProfilePost.class));
        assertError(new JsonExceptionMapper().toResponse(key), 400, "invalid request body: field 'config': text must not");
        // text without it reads as before, in lists and maps too
        assertEquals("a\tb", mapper.readValue("{\"name\": \"a\\tb\"}", PipelinePost.class).name());
    }

    @Test
    void theNulCharacterIsRefusedInPathsAndQueries() {
        assertEquals(null, NulCharacterFilter.problem(uri("pipelines/pl_1", Map.of("limit", "5"))));
        assertEquals("the request path must not contain the NUL character (%00)",
                NulCharacterFilter.problem(uri("pipelines/pl\u00001", Map.of())));
        assertEquals("query parameter 'starting_after' must not contain the NUL character (%00)",
                NulCharacterFilter.problem(uri("connection_tables", Map.of("starting_after", "\u0000"))));
    }

    private static javax.ws.rs.core.UriInfo uri(String path, Map<String, String> query) {
        javax.ws.rs.core.MultivaluedMap<String, String> params = new javax.ws.rs.core.MultivaluedHashMap<>();
        query.forEach(params::add);
        return (javax.ws.rs.core.UriInfo) java.lang.reflect.Proxy.newProxyInstance(
                ExceptionMappersTest.class.getClassLoader(), new Class<?>[] {javax.ws.rs.core.UriInfo.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getPath" -> path;
                    case "getQueryParameters" -> params;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aWrongTypeForAStopModeNamesNoJavaMethod() throws Exception {
        JsonProcessingException e = assertThrows(JsonProcessingException.class,
                () -> mapper.readValue("{\"stop\": [1, \"two\"]}", PipelinePatch.class));
        assertEquals("invalid request body: field 'stop': expected a string, got Array value", Errors.describe(e));
    }

    @Test
    void invalidUtf8IsA400() throws Exception {
        byte[] body = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, '"', '}'};
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> mapper.readValue(body, PipelinePost.class));
        String message = assertError(new JsonExceptionMapper().toResponse(e), 400, "invalid request body: field 'name': ");
        assertTrue(message.contains("Invalid UTF-8"), message);
    }

    @Test
    void aJaxRsErrorThatReachesTheCatchAllKeepsItsStatus() throws Exception {
        // while the whiteboard (re)builds the application, the catch-all may be the only mapper there is
        CatchAllExceptionMapper m = new CatchAllExceptionMapper();
        assertError(m.toResponse(new NotFoundException()), 404, "not found");
        assertError(m.toResponse(new NotSupportedException()), 415, "unsupported media type");
        assertError(m.toResponse(new IllegalArgumentException("bad value")), 400, "bad value");
        assertError(m.toResponse(new IllegalStateException("a bug")), 500, "internal error");
    }

    @Test
    void jaxRsErrorsGetAUsefulMessage() throws Exception {
        WebApplicationExceptionMapper m = new WebApplicationExceptionMapper();
        assertError(m.toResponse(new NotFoundException()), 404, "not found");
        assertError(m.toResponse(new NotAllowedException("GET")), 405, "method not allowed");
        assertError(m.toResponse(new NotSupportedException()), 415, "unsupported media type: send the request body as application/json");
        assertError(m.toResponse(new NotAcceptableException()), 406, "not acceptable: this endpoint answers application/json");
        assertError(m.toResponse(new BadRequestException("limit is odd")), 400, "limit is odd");
        assertError(m.toResponse(new WebApplicationException(503)), 503, "internal error");
    }

    @Test
    void aWrappedCauseDecidesTheAnswer() throws Exception {
        WebApplicationExceptionMapper m = new WebApplicationExceptionMapper();
        JsonProcessingException json = assertThrows(JsonProcessingException.class, () -> mapper.readTree("{]"));
        assertError(m.toResponse(new BadRequestException(json)), 400, "invalid JSON in request body: ");
        assertError(m.toResponse(new BadRequestException(new PayloadTooLargeException(10))), 413,
                "request body exceeds the limit of 10 bytes");
        assertError(m.toResponse(new PayloadTooLargeException(1_048_576)), 413,
                "request body exceeds the limit of 1048576 bytes");
        assertError(m.toResponse(new BadRequestException(new NoContentException("empty"))), 400, "request body is required");
    }

    @Test
    void illegalArgumentsAreBadRequests() throws Exception {
        assertError(new IllegalArgumentExceptionMapper().toResponse(new IllegalArgumentException("invalid stop mode 'x'")),
                400, "invalid stop mode 'x'");
    }

    @Test
    void anythingElseIsAnInternalErrorWithoutDetails() throws Exception {
        CatchAllExceptionMapper m = new CatchAllExceptionMapper();
        Response r = m.toResponse(new IllegalStateException("database password is hunter2"));
        assertEquals(500, r.getStatus());
        String body = mapper.writeValueAsString(r.getEntity());
        assertEquals("{\"error\":\"internal error\"}", body);

        // a caller's error inside something else still gets its own status
        assertError(m.toResponse(new RuntimeException(ApiException.notFound("job 'j' not found"))), 404, "job 'j' not found");
        assertError(m.toResponse(new IOException(new PayloadTooLargeException(5))), 413, "request body exceeds the limit of 5 bytes");
    }

    /** Asserts the status, the JSON type and an {@code {"error"}} body whose message starts as given; returns the message. */
    private String assertError(Response r, int status, String messageStart) throws Exception {
        assertEquals(status, r.getStatus());
        assertEquals(MediaType.APPLICATION_JSON_TYPE, r.getMediaType());
        ErrorBody body = (ErrorBody) r.getEntity();
        String json = mapper.writeValueAsString(body);
        assertEquals(1, mapper.readTree(json).size(), json);
        assertTrue(body.error().startsWith(messageStart), "'" + body.error() + "' should start with '" + messageStart + "'");
        assertFalse(body.error().contains("Exception") || body.error().contains("\tat "), body.error());
        return body.error();
    }
}
