package org.wadi.api.service;

/**
 * One step of a connection test, as Arroyo's {@code TestSourceMessage}.
 *
 * @param error whether this step failed
 * @param done whether the test is over (the last message)
 * @param message what was checked or found
 */
public record TestSourceMessage(boolean error, boolean done, String message) {

    public static TestSourceMessage info(String message) {
        return new TestSourceMessage(false, false, message);
    }

    public static TestSourceMessage done(String message) {
        return new TestSourceMessage(false, true, message);
    }

    public static TestSourceMessage fail(String message) {
        return new TestSourceMessage(true, true, message);
    }
}
