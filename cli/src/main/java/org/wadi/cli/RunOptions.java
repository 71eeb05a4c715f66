package org.wadi.cli;

import java.nio.file.Path;

/**
 * What {@code bin/wadi run} was asked: {@code [--state DIR] [--parallelism N] [--name NAME]
 * [FILE | -]}. Without a file (or with {@code -}) the SQL comes from standard input.
 *
 * @param file the SQL file, or {@code null} for standard input
 * @param state the folder that keeps the server's data (its database, checkpoints, logs) between
 *     runs: running the same SQL again with it resumes from the last checkpoint
 * @param parallelism the pipeline's parallelism
 * @param name the pipeline's name
 */
public record RunOptions(Path file, Path state, int parallelism, String name) {

    static final String USAGE = """
            usage: bin/wadi run [--state DIR] [--parallelism N] [--name NAME] [FILE.sql | -]

            Runs one pipeline on a local Wadi of its own (embedded PostgreSQL, one worker): the rows of a
            bare SELECT are printed as JSON lines on standard output, everything else on standard error.
            Ctrl-C stops it with a final checkpoint; run it again with the same state folder to resume.
            The SQL comes from FILE, or from standard input without FILE or with -.

              --state DIR        where the server keeps its data between runs
                                 (default: .wadi/<FILE's name without .sql>, or .wadi/stdin)
              --parallelism N    the pipeline's parallelism (default 1)
              --name NAME        the pipeline's name (default: FILE's name, or 'stdin')
            """;

    /** Parses the arguments after {@code run}, resolving relative paths against {@code cwd}. */
    public static RunOptions parse(String[] args, Path cwd) {
        Path file = null;
        boolean stdin = false;
        Path state = null;
        int parallelism = 1;
        String name = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--state" -> state = cwd.resolve(value(args, ++i, a));
                case "--parallelism" -> {
                    String v = value(args, ++i, a);
                    try {
                        parallelism = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--parallelism must be a whole number, was '" + v + "'");
                    }
                    if (parallelism < 1 || parallelism > 64) {
                        throw new IllegalArgumentException("--parallelism must be between 1 and 64, was " + parallelism);
                    }
                }
                case "--name" -> {
                    name = value(args, ++i, a);
                    if (name.isBlank()) {
                        throw new IllegalArgumentException("--name must not be empty");
                    }
                }
                case "-" -> {
                    if (file != null || stdin) {
                        throw new IllegalArgumentException("only one SQL file can be run, got '-' after another");
                    }
                    stdin = true;
                }
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option '" + a + "'");
                    }
                    if (file != null || stdin) {
                        throw new IllegalArgumentException("only one SQL file can be run, got '" + a + "' too");
                    }
                    file = cwd.resolve(a);
                }
            }
        }
        String base = file == null ? "stdin" : baseName(file);
        return new RunOptions(file, state != null ? state : cwd.resolve(".wadi").resolve(base), parallelism,
                name != null ? name : base);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static String baseName(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".sql") && n.length() > 4 ? n.substring(0, n.length() - 4) : n;
    }
}
