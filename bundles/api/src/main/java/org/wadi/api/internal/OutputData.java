package org.wadi.api.internal;

/**
 * One event of a job's output stream (Arroyo's {@code OutputData}, plus the subtask).
 *
 * @param operatorId the sink operator that sent the row
 * @param subtask its subtask
 * @param timestamp when the API received it, in microseconds since the epoch
 * @param value the row as JSON text
 */
public record OutputData(String operatorId, int subtask, long timestamp, String value) {
}
