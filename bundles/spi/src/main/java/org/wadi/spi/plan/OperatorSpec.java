package org.wadi.spi.plan;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What one plan node computes. Each kind is a record; the JSON form names it in {@code "kind"}.
 * New kinds are added here, together with the runtime operator that executes them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SourceOperator.class, name = "source"),
    @JsonSubTypes.Type(value = SinkOperator.class, name = "sink"),
    @JsonSubTypes.Type(value = CalcOperator.class, name = "calc"),
    @JsonSubTypes.Type(value = WatermarkOperator.class, name = "watermark"),
    @JsonSubTypes.Type(value = WindowAggregateOperator.class, name = "window_aggregate"),
    @JsonSubTypes.Type(value = JoinOperator.class, name = "join"),
    @JsonSubTypes.Type(value = UpdatingAggregateOperator.class, name = "updating_aggregate"),
    @JsonSubTypes.Type(value = UnionOperator.class, name = "union"),
    @JsonSubTypes.Type(value = WindowFunctionOperator.class, name = "window_function"),
    @JsonSubTypes.Type(value = UnnestOperator.class, name = "unnest"),
    @JsonSubTypes.Type(value = LookupJoinOperator.class, name = "lookup_join"),
    @JsonSubTypes.Type(value = AsyncFunctionOperator.class, name = "async_function"),
})
public sealed interface OperatorSpec
        permits SourceOperator, SinkOperator, CalcOperator, WatermarkOperator, WindowAggregateOperator,
        JoinOperator, UpdatingAggregateOperator, UnionOperator, WindowFunctionOperator, UnnestOperator,
        LookupJoinOperator, AsyncFunctionOperator {

    /** A short name for the kind of operator, as shown in the graph. */
    String name();
}
