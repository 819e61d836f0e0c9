package lyceum.benchmarks;

/** Progress lines on standard error, so that standard output carries only the result. */
record Progress(String benchmark) {

    void say(String format, Object... args) {
        System.err.println("[" + benchmark + "-bench] " + String.format(format, args));
    }
}
