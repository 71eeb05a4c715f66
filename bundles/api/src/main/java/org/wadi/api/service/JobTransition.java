package org.wadi.api.service;

/**
 * One entry of a job's state history.
 *
 * @param from the state it left, or {@code null} for the first entry
 * @param to the state it entered
 * @param reason why, for users
 * @param at when, in microseconds since the epoch
 */
public record JobTransition(String from, String to, String reason, long at) {
}
