package org.wadi.api.service;

/**
 * One operator of a {@link PipelineGraph}.
 *
 * @param nodeId its id within the plan
 * @param operator the kind of operator ({@code source}, {@code calc}, {@code sink}, …)
 * @param description what it does, for users
 * @param parallelism how many subtasks run it
 */
public record PipelineNode(String nodeId, String operator, String description, int parallelism) {
}
