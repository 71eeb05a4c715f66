/**
 * The worker's metrics: counters per task, updated by the task's thread without locks, and the
 * reporter that sends them to the controller and, when configured, to a Prometheus Pushgateway.
 */
package org.wadi.worker.internal.metrics;
