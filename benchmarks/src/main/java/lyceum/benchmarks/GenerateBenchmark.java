package lyceum.benchmarks;

import ai.djl.Device;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.SamplingParams;
import lyceum.engine.TrainingExample;
import lyceum.model.ArithmeticProblems;
import lyceum.model.DjlGenerator;
import lyceum.model.DjlRuntime;
import lyceum.model.LanguageModel;
import lyceum.model.ModelConfig;
import lyceum.model.ModelTraining;
import lyceum.model.NaiveDecoder;
import lyceum.model.TrainingSettings;

/**
 * Generated tokens per second of batched KV-cache decoding against one-sequence decoding without a
 * cache, on the same briefly trained default model in the same run, sampling at T=0.7, top-p 0.95,
 * one request per distinct prompt, at the generator's default batch size and with several batches'
 * worth of requests, so finished rows are refilled from the waiting ones as in a real sampling round.
 * The naive path runs on the first few requests only (it is slow); its samples should equal their
 * batched twins, which the result reports. The details also give the batched rate when each prompt is
 * sampled four times, as the self-improvement loop does, and sequences per second of both. The engine
 * computes on the calling thread (one intra-op thread on a 2-core node), so tokens per second of that
 * thread's CPU time are given too: on a shared machine they do not move with the other processes' load.
 */
public final class GenerateBenchmark {
    public record Settings(
            ModelConfig config, int trainingSteps, int batchSize, int requests, int naiveRequests, int maxTokens) {
        public static Settings defaults() {
            return new Settings(ModelConfig.defaults(), 60, DjlGenerator.DEFAULT_BATCH_SIZE, 512, 6, 96);
        }
    }

    private GenerateBenchmark() {}

    public static BenchResult run() {
        return run(
                Settings.defaults(),
                DjlRuntime.defaultDevice(),
                line -> System.err.println("[generate-bench] " + line));
    }

    public static BenchResult run(Settings settings, Device device, Consumer<String> progress) {
        List<TrainingExample> problems =
                ArithmeticProblems.generate(Math.max(settings.requests(), 32 * settings.trainingSteps() / 4), 3, 5);
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < settings.requests(); i++) {
            requests.add(new GenerationRequest(
                    "bench-" + i,
                    problems.get(i).prompt(),
                    new SamplingParams(0.7, 0.95, settings.maxTokens(), 1000L + i)));
        }
        try (LanguageModel model = LanguageModel.initialize(settings.config(), device, 5)) {
            progress.accept("training the model briefly so its answers have realistic lengths");
            TrainingSettings training = TrainingSettings.defaults()
                    .withMaxSteps(settings.trainingSteps())
                    .withLogEverySteps(settings.trainingSteps());
            new ModelTraining(model, training).run(problems, 4, 3e-3, 5, progress);

            DjlGenerator.decodeInChunks(model, requests.subList(0, Math.min(8, requests.size())), settings.batchSize());
            long start = System.nanoTime();
            long cpuStart = threadCpuNanos();
            List<Generation> batched = DjlGenerator.decodeInChunks(model, requests, settings.batchSize());
            double batchedSeconds = (System.nanoTime() - start) / 1e9;
            double batchedCpuSeconds = (threadCpuNanos() - cpuStart) / 1e9;
            long batchedTokens =
                    batched.stream().mapToLong(Generation::tokenCount).sum();
            double batchedRate = batchedTokens / batchedSeconds;
            progress.accept(String.format(
                    "batched (batch %d, KV cache): %d tokens in %.2f s = %.0f tokens/s, %.1f sequences/s",
                    settings.batchSize(), batchedTokens, batchedSeconds, batchedRate, batched.size() / batchedSeconds));

            // The self-improvement loop samples several rationales per problem; those share a prefill.
            List<GenerationRequest> repeated = new ArrayList<>();
            for (int i = 0; i < settings.requests(); i++) {
                repeated.add(new GenerationRequest(
                        "bench-k-" + i,
                        problems.get(i / 4).prompt(),
                        new SamplingParams(0.7, 0.95, settings.maxTokens(), 5000L + i)));
            }
            start = System.nanoTime();
            List<Generation> shared = DjlGenerator.decodeInChunks(model, repeated, settings.batchSize());
            double sharedSeconds = (System.nanoTime() - start) / 1e9;
            long sharedTokens =
                    shared.stream().mapToLong(Generation::tokenCount).sum();
            progress.accept(String.format(
                    "batched, 4 samples per prompt: %d tokens in %.2f s = %.0f tokens/s, %.1f sequences/s",
                    sharedTokens, sharedSeconds, sharedTokens / sharedSeconds, shared.size() / sharedSeconds));

            List<GenerationRequest> naiveRequests = requests.subList(0, settings.naiveRequests());
            start = System.nanoTime();
            cpuStart = threadCpuNanos();
            List<Generation> naive = NaiveDecoder.generate(model, naiveRequests);
            double naiveSeconds = (System.nanoTime() - start) / 1e9;
            double naiveCpuSeconds = (threadCpuNanos() - cpuStart) / 1e9;
            long naiveTokens = naive.stream().mapToLong(Generation::tokenCount).sum();
            double naiveRate = naiveTokens / naiveSeconds;
            progress.accept(String.format(
                    "naive (one sequence, no cache): %d tokens in %.2f s = %.0f tokens/s",
                    naiveTokens, naiveSeconds, naiveRate));
            int agreeing = 0;
            for (int i = 0; i < naive.size(); i++) {
                agreeing += naive.get(i).text().equals(batched.get(i).text()) ? 1 : 0;
            }
            double cpuRatio = (batchedTokens / batchedCpuSeconds) / (naiveTokens / naiveCpuSeconds);
            progress.accept(String.format(
                    "speed-up %.1fx (%.1fx per CPU second); %d of %d naive samples equal their batched twins",
                    batchedRate / naiveRate, cpuRatio, agreeing, naive.size()));

            Map<String, Object> details = new LinkedHashMap<>();
            details.put("device", DjlRuntime.deviceName(device));
            details.put("config", settings.config());
            details.put("batchSize", settings.batchSize());
            details.put("requests", settings.requests());
            details.put("batchedTokens", batchedTokens);
            details.put("batchedSeconds", batchedSeconds);
            details.put("batchedTokensPerSecond", batchedRate);
            details.put("batchedSequencesPerSecond", batched.size() / batchedSeconds);
            details.put("batchedTokensPerCpuSecond", batchedTokens / batchedCpuSeconds);
            details.put("fourSamplesPerPromptTokensPerSecond", sharedTokens / sharedSeconds);
            details.put("fourSamplesPerPromptSequencesPerSecond", shared.size() / sharedSeconds);
            details.put("naiveTokens", naiveTokens);
            details.put("naiveSeconds", naiveSeconds);
            details.put("naiveTokensPerSecond", naiveRate);
            details.put("naiveTokensPerCpuSecond", naiveTokens / naiveCpuSeconds);
            details.put("ratioPerCpuSecond", cpuRatio);
            details.put(
                    "meanPromptChars",
                    requests.stream()
                            .mapToInt(r -> r.prompt().length())
                            .average()
                            .orElse(0));
            details.put("meanGeneratedTokens", batchedTokens / (double) batched.size());
            details.put("naiveSamplesEqualBatched", agreeing + "/" + naive.size());
            return BenchResult.of("generate-batched-vs-naive", batchedRate, naiveRate, "tokens/s", details);
        }
    }

    private static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    public static void main(String[] args) {
        System.out.println(run());
    }
}
