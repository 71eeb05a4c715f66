package org.wadi.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
