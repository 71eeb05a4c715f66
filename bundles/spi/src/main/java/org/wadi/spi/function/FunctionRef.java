package org.wadi.spi.function;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;

/**
 * Which function a plan calls, so that every worker runs the same one the planner chose: a function
 * service by its name and the bundle that registered it, or a Java source function with its source.
 *
 * <p>In a plan, a call of a user-defined function is an {@code Expr.Call} (or an aggregate's
 * {@code function}) whose name is {@link #encode()}: {@value #PREFIX} followed by this record as
 * JSON. Built-in functions keep their plain names.
 *
 * @param kind what kind of function
 * @param name its SQL name
 * @param bundle the symbolic name of the bundle that registered the service; {@code null} for a Java
 *     source function
 * @param version that bundle's version; {@code null} for a Java source function
 * @param language {@code java} for a Java source function; {@code null} for a service
 * @param source the Java source of a Java source function; {@code null} for a service
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionRef(Kind kind, String name, String bundle, String version, String language, String source) {

    /** What kind of function a reference names. */
    public enum Kind { SCALAR, AGGREGATE, ASYNC }

    /** The start of a user-defined function's name in a plan. */
    public static final String PREFIX = "udf:";

    /** The language of Java source functions. */
    public static final String JAVA = "java";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public FunctionRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if ((source == null) == (bundle == null)) {
            throw new IllegalArgumentException("function '" + name + "' needs either a bundle or a source");
        }
    }

    /** A function service registered by a bundle. */
    public static FunctionRef service(Kind kind, String name, String bundle, String version) {
        return new FunctionRef(kind, name, bundle, version, null, null);
    }

    /** A scalar function compiled from Java source. */
    public static FunctionRef java(String name, String source) {
        return new FunctionRef(Kind.SCALAR, name, null, null, JAVA, source);
    }

    /** Whether this is a Java source function. */
    @JsonIgnore
    public boolean isSource() {
        return source != null;
    }

    /** Where it comes from, for messages: {@code bundle org.example.text 1.0.0} or {@code Java source}. */
    @JsonIgnore
    public String origin() {
        return isSource() ? "Java source" : "bundle " + bundle + " " + version;
    }

    /** The name a plan calls this function by. */
    public String encode() {
        try {
            return PREFIX + MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("function reference '" + name + "' could not be written", e);
        }
    }

    /** Whether a plan's call name is a user-defined function's. */
    public static boolean isEncoded(String callName) {
        return callName != null && callName.startsWith(PREFIX);
    }

    /**
     * The reference a plan's call name stands for.
     *
     * @throws IllegalArgumentException if it is not one {@link #encode()} wrote
     */
    public static FunctionRef decode(String callName) {
        if (!isEncoded(callName)) {
            throw new IllegalArgumentException("'" + callName + "' is not a user-defined function reference");
        }
        try {
            return MAPPER.readValue(callName.substring(PREFIX.length()), FunctionRef.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid function reference: " + e.getOriginalMessage(), e);
        }
    }
}
