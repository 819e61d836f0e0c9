package lyceum.workers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import lyceum.engine.TrainedModel;
import lyceum.engine.Trainer;
import lyceum.engine.TrainingJob;

/**
 * Runs an external trainer (LLaMA-Factory, TRL, a script) on the exported training set.
 *
 * <p>The contract: the command's argv may use {data} (the training set, one JSON object per line in the
 * experiment's {@link TrainingDataFormat}; LLaMA-Factory's formats have a {@code dataset_info.json}
 * naming it as dataset {@code lyceum} in the same directory), {output} (a fresh, empty directory in the
 * experiment's folder), {base_model} (the experiment's {@code model.base}: a path or hub name), {base}
 * (the base model version, empty when training from scratch), {base_path} (the base's checkpoint when a
 * command of the same experiment trained it, else empty), {iteration}, {epochs}, {learning_rate} (both
 * empty when the experiment sets none, so the trainer uses its own) and {seed}. Its stdout and stderr go
 * to the node log. It reports its checkpoint with a
 * line {@code checkpoint=PATH} on stdout (the last one counts; PATH must exist) and may report
 * {@code loss=NUMBER} lines. Exit code 0 means success. The model version is the content hash of the
 * checkpoint, so the same weights always get the same version.
 */
public final class CommandTrainer implements Trainer {
    private static final int STDERR_TAIL_LINES = 20;
    /** Next to the training sets: one file per trained version holding its checkpoint's path. */
    private static final String TRAINED = "trained-models";

    /** Why a training command did not give a checkpoint: names the command and what it said. */
    public static final class TrainingCommandFailed extends Exception {
        TrainingCommandFailed(String message) {
            super(message);
        }
    }

    private final TrainingCommand command;
    private final Path dataset;
    private final Path experimentDir;
    private final String baseModel;

    /** A trainer of a set in Lyceum's own format, with no base model named. */
    public CommandTrainer(TrainingCommand command, Path dataset) {
        this(command, dataset, TrainingDataFormat.LYCEUM, "");
    }

    public CommandTrainer(TrainingCommand command, Path dataset, TrainingDataFormat format, String baseModel) {
        this.command = command;
        this.dataset = dataset;
        this.experimentDir = format.experimentDir(dataset);
        this.baseModel = baseModel;
    }

    @Override
    public TrainedModel train(TrainingJob job, Consumer<String> progress) throws Exception {
        Path output = Files.createTempDirectory(experimentDir, "iteration-" + job.iteration() + "-trained-");
        List<String> argv = argv(job, output);
        String shown = String.join(" ", argv);
        progress.accept("running training command: " + shown);
        Process process = new ProcessBuilder(argv).start();
        process.getOutputStream().close();
        Report report = new Report();
        Deque<String> stderrTail = new ArrayDeque<>();
        Thread out = pump(process.getInputStream(), line -> {
            progress.accept(line);
            report.read(line);
        });
        Thread err = pump(process.getErrorStream(), line -> {
            progress.accept("stderr: " + line);
            synchronized (stderrTail) {
                stderrTail.addLast(line);
                if (stderrTail.size() > STDERR_TAIL_LINES) {
                    stderrTail.removeFirst();
                }
            }
        });
        if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new TrainingCommandFailed("training command `" + shown + "` timed out after " + command.timeout());
        }
        // A child left running may hold the pipes open; its output is not waited for.
        out.join(10_000);
        err.join(10_000);
        String tail;
        synchronized (stderrTail) {
            tail = String.join("\n", stderrTail);
        }
        if (process.exitValue() != 0) {
            throw new TrainingCommandFailed("training command `" + shown + "` exited with code " + process.exitValue()
                    + (tail.isEmpty() ? "" : "; stderr ends with:\n" + tail));
        }
        if (report.checkpoint == null) {
            throw new TrainingCommandFailed("training command `" + shown
                    + "` exited with code 0 but reported no checkpoint (a stdout line checkpoint=PATH)");
        }
        Path checkpoint = Path.of(report.checkpoint).toAbsolutePath().normalize();
        if (!Files.exists(checkpoint)) {
            throw new TrainingCommandFailed(
                    "training command `" + shown + "` reported checkpoint " + checkpoint + ", which does not exist");
        }
        String version = contentHash(checkpoint);
        Path index = experimentDir.resolve(TRAINED);
        Files.createDirectories(index);
        Files.writeString(index.resolve(version), checkpoint.toString(), StandardCharsets.UTF_8);
        progress.accept("command trained " + version + " at " + checkpoint);
        return new TrainedModel(version, checkpoint.toString(), job.examples().size(), report.lossSummary());
    }

    private List<String> argv(TrainingJob job, Path output) throws IOException {
        String base = job.baseModelVersion() == null ? "" : job.baseModelVersion();
        Path baseIndex = experimentDir.resolve(TRAINED).resolve(base);
        String basePath = !base.isEmpty() && Files.isRegularFile(baseIndex)
                ? Files.readString(baseIndex).strip()
                : "";
        // 0: the experiment sets none, and the trainer's own default applies.
        Map<String, String> values = Map.of(
                "{data}",
                dataset.toAbsolutePath().toString(),
                "{output}",
                output.toString(),
                "{base_model}",
                baseModel,
                "{base_path}",
                basePath,
                "{base}",
                base,
                "{iteration}",
                Integer.toString(job.iteration()),
                "{epochs}",
                job.epochs() > 0 ? Integer.toString(job.epochs()) : "",
                "{learning_rate}",
                job.learningRate() > 0 ? Double.toString(job.learningRate()) : "",
                "{seed}",
                Long.toString(job.seed()));
        List<String> argv = new ArrayList<>();
        for (String arg : command.argv()) {
            for (Map.Entry<String, String> value : values.entrySet()) {
                arg = arg.replace(value.getKey(), value.getValue());
            }
            argv.add(arg);
        }
        return argv;
    }

    private static Thread pump(InputStream stream, Consumer<String> lines) {
        Thread thread = new Thread(
                () -> {
                    try (BufferedReader reader =
                            new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            lines.accept(line);
                        }
                    } catch (IOException e) {
                        // the process went away; its exit code tells what happened
                    }
                },
                "training-command-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** What the command reported on stdout. */
    private static final class Report {
        private volatile String checkpoint;
        private final List<Double> losses = new ArrayList<>();

        void read(String line) {
            if (line.startsWith("checkpoint=")) {
                checkpoint = line.substring("checkpoint=".length()).strip();
            } else if (line.startsWith("loss=")) {
                try {
                    synchronized (losses) {
                        losses.add(Double.parseDouble(
                                line.substring("loss=".length()).strip()));
                    }
                } catch (NumberFormatException e) {
                    // not a loss report; it is in the log anyway
                }
            }
        }

        Map<String, Double> lossSummary() {
            Map<String, Double> summary = new LinkedHashMap<>();
            synchronized (losses) {
                if (!losses.isEmpty()) {
                    summary.put("firstLoss", losses.get(0));
                    summary.put("finalLoss", losses.get(losses.size() - 1));
                }
            }
            return summary;
        }
    }

    /** SHA-256 over the checkpoint's relative file names and contents, in name order; 16 hex digits. */
    public static String contentHash(Path checkpoint) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<Path> files;
            try (Stream<Path> walk = Files.walk(checkpoint)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                digest.update(checkpoint.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                try (InputStream in = Files.newInputStream(file)) {
                    byte[] buffer = new byte[1 << 16];
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        digest.update(buffer, 0, n);
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String device() {
        return "command";
    }
}
