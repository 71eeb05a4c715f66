package org.wadi.api.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The REST API's settings ({@code etc/org.wadi.api.cfg}); each can be overridden by the environment
 * variable {@code WADI_<KEY>} (upper case, dots as underscores), e.g. {@code WADI_API_MAX_PARALLELISM}.
 */
@ObjectClassDefinition(
        name = "Wadi REST API",
        description = "Limits and defaults of the REST API under /api/v1 and of the shell commands that share its logic.")
public @interface ApiConfig {

    String PID = "org.wadi.api";

    @AttributeDefinition(name = "Maximum query length",
            description = "The longest SQL text, in characters, that a pipeline or a validation request may carry (api.max.query.length).")
    int api_max_query_length() default 100_000;

    @AttributeDefinition(name = "Maximum parallelism",
            description = "The highest parallelism a pipeline may ask for (api.max.parallelism).")
    int api_max_parallelism() default 64;

    @AttributeDefinition(name = "Maximum request body",
            description = "The largest request body in bytes; larger requests are refused with 413 before they are parsed (api.max.body.bytes).")
    long api_max_body_bytes() default 1_048_576L;

    @AttributeDefinition(name = "Default page size",
            description = "How many items a list returns when the request gives no limit (api.page.default.limit).")
    int api_page_default_limit() default 50;

    @AttributeDefinition(name = "Maximum page size",
            description = "The largest limit a list request may ask for (api.page.max.limit).")
    int api_page_max_limit() default 1000;

    @AttributeDefinition(name = "Default checkpoint interval",
            description = "The checkpoint interval in microseconds of pipelines created without one (api.default.checkpoint.interval.micros).")
    long api_default_checkpoint_interval_micros() default 10_000_000L;

    @AttributeDefinition(name = "Output stream heartbeat",
            description = "Seconds between keep-alive comments on job output streams, which also detect clients that went away (api.sse.heartbeat.seconds).")
    int api_sse_heartbeat_seconds() default 15;

    @AttributeDefinition(name = "Maximum running pipelines",
            description = "The most pipelines (previews included) whose job has not ended — created, scheduling,"
                    + " running, restarting or stopping; creating, resuming or restarting one more is refused with 409"
                    + " until one ends (api.max.pipelines).")
    int api_max_pipelines() default 100;

    @AttributeDefinition(name = "Maximum output streams",
            description = "The most job output streams (GET …/jobs/{job_id}/output) served at once; one more is"
                    + " refused with 429 (api.max.output.streams).")
    int api_max_output_streams() default 64;

    @AttributeDefinition(name = "Output stream buffer",
            description = "The most bytes of rows waiting to be written to one output stream's client; rows beyond"
                    + " it are dropped for that client (api.output.stream.max.bytes).")
    long api_output_stream_max_bytes() default 4_194_304L;

    @AttributeDefinition(name = "Stalled output stream timeout",
            description = "Seconds an output stream's client may read nothing while rows wait for it before the"
                    + " stream is closed, with the reason logged (api.output.stream.stall.seconds).")
    int api_output_stream_stall_seconds() default 60;

    @AttributeDefinition(name = "Authentication",
            description = "How API clients authenticate (api.auth.mode): none (only clients on the loopback interface are"
                    + " served), api_key (Authorization: Bearer <key>, one of api.auth.keys) or mtls (a client"
                    + " certificate the HTTPS connector verified against its trust store).")
    String api_auth_mode() default "none";

    @AttributeDefinition(name = "API keys",
            description = "The accepted API keys, comma-separated, each at least 16 characters (api.auth.keys);"
                    + " used when api.auth.mode = api_key.")
    String api_auth_keys() default "";

    @AttributeDefinition(name = "Protect /metrics",
            description = "Whether /metrics asks for the same credentials as the API (api.auth.metrics); off lets a"
                    + " Prometheus server scrape without them.")
    boolean api_auth_metrics() default true;

    @AttributeDefinition(name = "Protect the web UI's files",
            description = "Whether the web UI's static files ask for credentials too (api.auth.ui); they hold no data,"
                    + " which comes from the API.")
    boolean api_auth_ui() default false;

    @AttributeDefinition(name = "CORS origins",
            description = "Origins allowed to call the API from a browser, comma-separated, or * for any"
                    + " (api.cors.origins); empty allows none but the server's own.")
    String api_cors_origins() default "";
}
