package org.wadi.api.service;

import java.util.List;

/**
 * A job's state history.
 *
 * @param data the transitions, oldest first
 */
public record JobTransitionCollection(List<JobTransition> data) {

    public JobTransitionCollection {
        data = List.copyOf(data);
    }
}
