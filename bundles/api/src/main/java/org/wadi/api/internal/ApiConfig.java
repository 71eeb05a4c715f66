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
