package org.wadi.spi.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON form of a {@link DataflowPlan}, used in the database and on the wire to workers. Both
 * sides must use this codec so that the form is one.
 */
public final class PlanCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private PlanCodec() {
    }

    /** The plan as JSON text. */
    public static String toJson(DataflowPlan plan) {
        try {
            return MAPPER.writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan could not be written as JSON", e);
        }
    }

    /** The plan read from JSON text written by {@link #toJson}. */
    public static DataflowPlan fromJson(String json) {
        try {
            return MAPPER.readValue(json, DataflowPlan.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid plan: " + e.getOriginalMessage(), e);
        }
    }
}
