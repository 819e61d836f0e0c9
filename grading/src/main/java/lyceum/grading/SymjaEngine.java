// Stays whole: the worker pool, its time limit and overrun hand-back keep one invariant.
package lyceum.grading;

import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.matheclipse.core.basic.Config;
import org.matheclipse.core.eval.EvalEngine;
import org.matheclipse.core.eval.ExprEvaluator;
import org.matheclipse.core.interfaces.IExpr;
import org.matheclipse.core.interfaces.INumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The symbolic engine (Symja), used only when cheaper rules cannot decide.
 *
 * <p>Symja takes a second or more to initialise, so it starts lazily, once, on first use. Its
 * evaluator is not thread-safe: each of a few worker threads owns one. Every comparison runs on a
 * worker under a time limit; the caller of a comparison that overruns gets TIMEOUT at the limit, so a
 * pathological input cannot hang it, and the worker is told to stop and rejoins the pool, with a fresh
 * evaluator, only when the overrun has ended. So there are never more threads than workers, however many
 * comparisons time out; while every worker is finishing an overrun, a comparison waits at most the time
 * limit for one and then times out too. Symja's console output goes nowhere and its log goes to SLF4J.
 *
 * <p>Reproducibility: the comparisons are deterministic (fixed probe points, no randomness) and
 * Symja's own limits (integer size, recursion, iterations) stop runaway work the same way on every
 * machine. Only the wall-clock limit depends on the machine; when it fires the verdict says so
 * (rule "symja-timeout") instead of passing for an ordinary "different".
 */
final class SymjaEngine {

    /** Precision marks in Symja's numbers ("1.5`30"). */
    private static final Pattern PRECISION_MARK = Pattern.compile("`\\d*");

    private static final Logger log = LoggerFactory.getLogger(SymjaEngine.class);

    /** Default time limit of one comparison; initialisation is not counted. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Relative tolerance when two exact expressions are compared through their numeric values. */
    static final double RELATIVE_TOLERANCE = 1e-9;

    private static final double ABSOLUTE_TOLERANCE = 1e-12;
    /** Probe values for variables: varied signs and magnitudes, rational so evaluation stays exact. */
    private static final String[] PROBES = {
        "7/5", "-3/7", "11/13", "-17/11", "23/7", "5/19", "-29/17", "13/3", "-2/9", "31/11", "3/23", "-37/13"
    };

    private static final int PROBE_POINTS = 6;
    private static final int MIN_AGREEING_POINTS = 3;

    enum Outcome {
        EQUAL,
        DIFFERENT,
        UNDECIDED,
        TIMEOUT
    }

    private static volatile SymjaEngine shared;

    private final Duration timeout;
    private final BlockingQueue<Worker> idle;
    private final AtomicLong calls = new AtomicLong();

    private SymjaEngine(int workers, Duration timeout) {
        this.timeout = timeout;
        this.idle = new ArrayBlockingQueue<>(workers);
        for (int i = 0; i < workers; i++) {
            idle.add(new Worker(i + 1));
        }
    }

    /** The engine of this JVM, started on first use. */
    static SymjaEngine shared() {
        SymjaEngine e = shared;
        if (e == null) {
            synchronized (SymjaEngine.class) {
                e = shared;
                if (e == null) {
                    int workers = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
                    e = new SymjaEngine(workers, DEFAULT_TIMEOUT);
                    shared = e;
                }
            }
        }
        return e;
    }

    /** A separate engine, e.g. with a shorter time limit for tests. */
    static SymjaEngine create(int workers, Duration timeout) {
        return new SymjaEngine(workers, timeout);
    }

    /**
     * Starts every worker's evaluator on its own thread and returns at once, so that Symja's start-up
     * (a second or more) overlaps other work, such as a replay reading the journal, instead of
     * delaying the first comparison that needs it.
     */
    void warmUp() {
        for (Worker worker : idle) {
            worker.start();
        }
    }

    /** How many evaluations this engine has run, for tests and reports. */
    long calls() {
        return calls.get();
    }

    /**
     * Whether two expressions (Symja syntax, variables among {@code symbols}) have the same value:
     * exactly (the difference simplifies to 0), numerically when free of variables (relative
     * tolerance {@link #RELATIVE_TOLERANCE}), or by agreeing at fixed probe points for the variables.
     */
    Outcome sameValue(String a, String b, List<String> symbols) {
        return run(ev -> {
            IExpr ea = ev.eval(a);
            IExpr eb = ev.eval(b);
            if (ea.equals(eb)) {
                return Outcome.EQUAL;
            }
            if (nonFinite(ea) || nonFinite(eb)) {
                return Outcome.DIFFERENT;
            }
            IExpr difference = ev.eval("Together(Expand((" + a + ")-(" + b + ")))");
            if (difference.isZero()) {
                return Outcome.EQUAL;
            }
            if (symbols.isEmpty()) {
                if (difference.isRational()) {
                    return Outcome.DIFFERENT;
                }
                double[] x = complex(ev, a);
                double[] y = complex(ev, b);
                if (x == null || y == null) {
                    return Outcome.UNDECIDED;
                }
                return close(x, y) ? Outcome.EQUAL : Outcome.DIFFERENT;
            }
            int agreeing = 0;
            for (ProbeValues v : probeValues(ev, a, b, symbols)) {
                if (!close(v.x(), v.y())) {
                    return Outcome.DIFFERENT;
                }
                agreeing++;
            }
            if (agreeing >= MIN_AGREEING_POINTS) {
                return Outcome.EQUAL;
            }
            return ev.eval("Simplify(" + difference + ")").isZero() ? Outcome.EQUAL : Outcome.UNDECIDED;
        });
    }

    /**
     * Whether d1 = c * d2 for a constant c that is non-zero (equations) or positive (inequalities),
     * judged at the probe points: the form in which "2x+2y=4" and "x+y=2" are the same equation.
     * With {@code unitRatio} the factor must be 1 or -1: the same equation with terms moved only.
     */
    Outcome proportional(String d1, String d2, List<String> symbols, boolean positive, boolean unitRatio) {
        if (symbols.isEmpty()) {
            return Outcome.UNDECIDED;
        }
        return run(ev -> {
            double[] ratio = null;
            int agreeing = 0;
            for (ProbeValues v : probeValues(ev, d1, d2, symbols)) {
                double[] x = v.x();
                double[] y = v.y();
                boolean xZero = magnitude(x) < ABSOLUTE_TOLERANCE;
                boolean yZero = magnitude(y) < ABSOLUTE_TOLERANCE;
                if (xZero != yZero) {
                    return Outcome.DIFFERENT;
                }
                if (xZero) {
                    continue;
                }
                double[] r = divide(x, y);
                if (ratio == null) {
                    if (positive && (r[0] <= 0 || Math.abs(r[1]) > ABSOLUTE_TOLERANCE)) {
                        return Outcome.DIFFERENT;
                    }
                    if (unitRatio && !close(r, new double[] {1, 0}) && !close(r, new double[] {-1, 0})) {
                        return Outcome.DIFFERENT;
                    }
                    ratio = r;
                } else if (!close(ratio, r)) {
                    return Outcome.DIFFERENT;
                }
                agreeing++;
            }
            return agreeing >= MIN_AGREEING_POINTS ? Outcome.EQUAL : Outcome.UNDECIDED;
        });
    }

    /** The real numeric value of a variable-free expression, if it has one. */
    Optional<Double> realValue(String expression) {
        double[] holder = new double[1];
        Outcome o = run(ev -> {
            double[] z = complex(ev, expression);
            if (z == null || Math.abs(z[1]) > ABSOLUTE_TOLERANCE * Math.max(1, Math.abs(z[0]))) {
                return Outcome.UNDECIDED;
            }
            holder[0] = z[0];
            return Outcome.EQUAL;
        });
        return o == Outcome.EQUAL ? Optional.of(holder[0]) : Optional.empty();
    }

    /**
     * The real value of a variable-free expression to {@code digits} significant digits, for
     * decimals written with more digits than a double holds.
     */
    Optional<BigDecimal> decimalValue(String expression, int digits) {
        BigDecimal[] holder = new BigDecimal[1];
        Outcome o = run(ev -> {
            IExpr n = ev.eval("N(" + expression + "," + digits + ")");
            if (!n.isReal()) {
                return Outcome.UNDECIDED;
            }
            String text = PRECISION_MARK.matcher(n.toString()).replaceAll("").replace("*^", "E");
            try {
                holder[0] = new BigDecimal(text);
                return Outcome.EQUAL;
            } catch (NumberFormatException e) {
                return Outcome.UNDECIDED;
            }
        });
        return o == Outcome.EQUAL ? Optional.ofNullable(holder[0]) : Optional.empty();
    }

    // ---------------------------------------------------------------------------------------------

    private Outcome run(Function<ExprEvaluator, Outcome> task) {
        calls.incrementAndGet();
        Worker worker;
        try {
            worker = idle.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.UNDECIDED;
        }
        if (worker == null) {
            log.warn(
                    "No Symja worker came free within {} ms (all are finishing overrun comparisons)",
                    timeout.toMillis());
            return Outcome.TIMEOUT;
        }
        Worker.Task job = null;
        try {
            worker.ready();
            job = worker.submit(task);
            return job.future().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("Symja comparison exceeded {} ms; stopping worker {}", timeout.toMillis(), worker.id);
            return Outcome.TIMEOUT;
        } catch (ExecutionException e) {
            log.debug("Symja could not evaluate: {}", e.getCause().toString());
            return Outcome.UNDECIDED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.UNDECIDED;
        } finally {
            // A worker whose comparison was abandoned rejoins the pool when that comparison ends.
            if (job == null || !job.abandon()) {
                idle.add(worker);
            }
        }
    }

    private static boolean nonFinite(IExpr e) {
        return e.isDirectedInfinity() || e.isComplexInfinity() || e.isIndeterminate();
    }

    /** The values of two expressions at one probe point. */
    private record ProbeValues(double[] x, double[] y) {}

    /**
     * The values of {@code a} and {@code b} at each probe point where both have a finite one, evaluated
     * as they are read: a caller that stops early evaluates no further points.
     */
    private static Iterable<ProbeValues> probeValues(ExprEvaluator ev, String a, String b, List<String> symbols) {
        return () -> IntStream.range(0, PROBE_POINTS)
                .mapToObj(point -> probeRules(symbols, point))
                .map(rules -> new ProbeValues(complex(ev, a, rules), complex(ev, b, rules)))
                .filter(v -> v.x() != null && v.y() != null)
                .iterator();
    }

    private static String probeRules(List<String> symbols, int point) {
        List<String> rules = new ArrayList<>();
        for (int k = 0; k < symbols.size(); k++) {
            rules.add(symbols.get(k) + "->" + PROBES[(point * 5 + k * 7) % PROBES.length]);
        }
        return "{" + String.join(",", rules) + "}";
    }

    /** {@code expression}'s value at a probe point ({@code rules}, as {@link #probeRules} writes them). */
    private static double[] complex(ExprEvaluator ev, String expression, String rules) {
        return complex(ev, "ReplaceAll(" + expression + "," + rules + ")");
    }

    /** The numeric value as {re, im}, or null when it is not a finite number. */
    private static double[] complex(ExprEvaluator ev, String expression) {
        IExpr n = ev.eval("N(" + expression + ")");
        if (!n.isNumber()) {
            return null;
        }
        INumber number = (INumber) n;
        double re = number.reDoubleValue();
        double im = number.imDoubleValue();
        return Double.isFinite(re) && Double.isFinite(im) ? new double[] {re, im} : null;
    }

    private static boolean close(double[] x, double[] y) {
        double diff = Math.hypot(x[0] - y[0], x[1] - y[1]);
        return diff <= RELATIVE_TOLERANCE * Math.max(magnitude(x), magnitude(y)) + ABSOLUTE_TOLERANCE;
    }

    private static double magnitude(double[] z) {
        return Math.hypot(z[0], z[1]);
    }

    private static double[] divide(double[] x, double[] y) {
        double d = y[0] * y[0] + y[1] * y[1];
        return new double[] {(x[0] * y[0] + x[1] * y[1]) / d, (x[1] * y[0] - x[0] * y[1]) / d};
    }

    /** One Symja evaluator and the single daemon thread that owns it. */
    private final class Worker {
        private final int id;
        private final ExecutorService executor;
        private volatile ExprEvaluator evaluator;
        /** The evaluator's creation, once started (by a warm-up or the first comparison). */
        private Future<?> starting;

        Worker(int id) {
            this.id = id;
            this.executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "lyceum-symja-" + id);
                t.setDaemon(true);
                return t;
            });
        }

        /**
         * Starts creating the evaluator on the worker's own thread unless that has started; the first
         * one also initialises Symja.
         */
        synchronized Future<?> start() {
            if (starting == null) {
                starting = executor.submit(() -> {
                    long start = System.nanoTime();
                    evaluator = createEvaluator();
                    log.info("Symja worker {} ready in {} ms", id, (System.nanoTime() - start) / 1_000_000);
                });
            }
            return starting;
        }

        /** Waits for the evaluator, creating it if no warm-up has started it. */
        void ready() throws InterruptedException, ExecutionException {
            if (evaluator == null) {
                try {
                    start().get();
                } catch (ExecutionException e) {
                    synchronized (this) {
                        starting = null; // the next comparison tries again
                    }
                    throw e;
                }
            }
        }

        Task submit(Function<ExprEvaluator, Outcome> task) {
            Task job = new Task();
            job.future = executor.submit(() -> {
                job.thread = Thread.currentThread();
                try {
                    return job.state.get() == Task.RUNNING ? task.apply(evaluator) : Outcome.TIMEOUT;
                } finally {
                    if (!job.state.compareAndSet(Task.RUNNING, Task.DONE)) {
                        // Abandoned, and over now: back to the pool, with a fresh evaluator for the stopped one.
                        evaluator = null;
                        synchronized (Worker.this) {
                            starting = null;
                        }
                        idle.add(this);
                    }
                }
            });
            return job;
        }

        /** One comparison on this worker: running, done, or abandoned by its caller. */
        private final class Task {
            static final int RUNNING = 0;
            static final int DONE = 1;
            static final int ABANDONED = 2;
            final AtomicInteger state = new AtomicInteger(RUNNING);
            volatile Future<Outcome> future;
            volatile Thread thread;

            Future<Outcome> future() {
                return future;
            }

            /**
             * Gives up a comparison that has not ended (telling Symja and the thread to stop); false
             * when it has ended, and the worker is free again.
             */
            boolean abandon() {
                if (!state.compareAndSet(RUNNING, ABANDONED)) {
                    return false;
                }
                ExprEvaluator ev = evaluator;
                if (ev != null) {
                    ev.getEvalEngine().stopRequest();
                }
                Thread t = thread;
                if (t != null) {
                    t.interrupt();
                }
                return true;
            }
        }

        private static ExprEvaluator createEvaluator() {
            configureOnce();
            ExprEvaluator ev = new ExprEvaluator(true, (short) 0);
            EvalEngine engine = ev.getEvalEngine();
            PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
            engine.setOutPrintStream(silent);
            engine.setErrorPrintStream(silent);
            engine.setQuietMode(true);
            engine.setRecursionLimit(256);
            engine.setIterationLimit(5000);
            ev.eval("1+1"); // loads the rule tables now, not inside a timed comparison
            return ev;
        }

        private static volatile boolean configured;

        /** Global Symja settings; Lyceum's grader is the only Symja user in its JVM. */
        private static synchronized void configureOnce() {
            if (configured) {
                return;
            }
            Config.JAS_NO_THREADS = true; // no non-daemon thread pools that would keep a CLI alive
            Config.FILESYSTEM_ENABLED = false;
            Config.MAX_BIT_LENGTH = 100_000; // about 30,000 digits: far beyond any answer, fails fast
            Config.MAX_AST_SIZE = 100_000;
            configured = true;
        }
    }
}
