package org.wadi.controller;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks a pipeline's {@code scheduler_config} against the scheduler the controller is configured
 * to start workers with, so that the API refuses a bad one when the pipeline is created rather
 * than the job failing at its start. An OSGi service of the controller, on every server (active
 * or standing by).
 */
@ProviderType
public interface SchedulerConfigCheck {

    /**
     * Checks a {@code scheduler_config}. An empty one is always accepted.
     *
     * @param schedulerConfig the JSON object as Java values ({@code String}, {@code Number},
     *     {@code Boolean}, {@code List}, {@code Map}, {@code null})
     * @throws IllegalArgumentException naming the keys the scheduler does not know (and those it
     *     does), or a bad value
     * @throws IllegalStateException when the configured scheduler is not available to check it
     */
    void check(Map<String, Object> schedulerConfig);
}
