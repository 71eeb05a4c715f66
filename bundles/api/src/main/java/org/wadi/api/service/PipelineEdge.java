package org.wadi.api.service;

/**
 * One data flow of a {@link PipelineGraph}.
 *
 * @param srcId the upstream node
 * @param destId the downstream node
 * @param keyType the key columns, e.g. {@code (user TEXT)}, or {@code ()} when unkeyed
 * @param valueType the row's columns, e.g. {@code (user TEXT, n BIGINT)}
 * @param edgeType how rows are distributed: {@code Forward}, {@code Shuffle}, {@code Broadcast} or {@code Rebalance}
 */
public record PipelineEdge(String srcId, String destId, String keyType, String valueType, String edgeType) {
}
