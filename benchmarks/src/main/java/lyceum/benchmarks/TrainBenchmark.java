package lyceum.benchmarks;

import ai.djl.Device;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import lyceum.engine.TrainingExample;
import lyceum.model.ArithmeticProblems;
import lyceum.model.DjlRuntime;
import lyceum.model.LanguageModel;
import lyceum.model.MatmulPeak;
import lyceum.model.ModelConfig;
import lyceum.model.ModelTraining;
import lyceum.model.TrainingReport;
import lyceum.model.TrainingSettings;

/**
 * Training throughput of the default model as a fraction of the device's matmul peak, both measured
 * in the same run: FLOP/s of training steps on arithmetic problems (6 x matmul parameters x tokens plus
 * the attention products) against the best FLOP/s of large float32 matrix multiplies. The peak is
 * measured before and after training and the higher one taken, so a burst of other load on a shared
 * machine during one measurement cannot flatter the ratio; the same ratio per second of process CPU
 * time, which such load changes far less, is reported beside it.
 */
public final class TrainBenchmark {
    public record Settings(
            ModelConfig config,
            int batchSize,
            int warmupSteps,
            int measuredSteps,
            int[] matmulSizes,
            int matmulRepeats) {
        public static Settings defaults() {
            return new Settings(
                    ModelConfig.defaults(), TrainingSettings.defaults().batchSize(), 3, 40, new int[] {1024, 2048}, 8);
        }
    }

    private TrainBenchmark() {}

    public static BenchResult run() {
        return run(
                Settings.defaults(), DjlRuntime.defaultDevice(), line -> System.err.println("[train-bench] " + line));
    }

    public static BenchResult run(Settings settings, Device device, Consumer<String> progress) {
        MatmulPeak.Rate peakBefore =
                MatmulPeak.measureRates(device, settings.matmulSizes(), settings.matmulRepeats(), progress);
        List<TrainingExample> data = ArithmeticProblems.generate(
                settings.batchSize() * (settings.warmupSteps() + settings.measuredSteps()), 3, 11);
        TrainingReport report;
        double trainingCpuSeconds;
        try (LanguageModel model = LanguageModel.initialize(settings.config(), device, 11)) {
            TrainingSettings warmup = TrainingSettings.defaults()
                    .withBatchSize(settings.batchSize())
                    .withMaxSteps(settings.warmupSteps())
                    .withLogEverySteps(1000);
            new ModelTraining(model, warmup).run(data, 1, 1e-3, 11, progress);
            TrainingSettings measured = TrainingSettings.defaults()
                    .withBatchSize(settings.batchSize())
                    .withMaxSteps(settings.measuredSteps())
                    .withLogEverySteps(10);
            long cpuStart = MatmulPeak.processCpuNanos();
            report = new ModelTraining(model, measured).run(data, 1, 1e-3, 12, progress);
            trainingCpuSeconds = (MatmulPeak.processCpuNanos() - cpuStart) / 1e9;
        }
        MatmulPeak.Rate peakAfter =
                MatmulPeak.measureRates(device, settings.matmulSizes(), settings.matmulRepeats(), progress);
        double peak = Math.max(peakBefore.flopsPerSecond(), peakAfter.flopsPerSecond());
        double peakPerCpu = Math.max(peakBefore.flopsPerCpuSecond(), peakAfter.flopsPerCpuSecond());
        double flopsPerCpu = report.flops() / trainingCpuSeconds;
        double flops = report.flopsPerSecond();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("device", DjlRuntime.deviceName(device));
        details.put("config", settings.config());
        details.put("parameters", settings.config().parameterCount());
        details.put("batchSize", settings.batchSize());
        details.put("steps", report.steps());
        details.put("trainingTokensPerSecond", report.tokensPerSecond());
        details.put("trainingFlopsPerSecond", flops);
        details.put("matmulPeakFlopsPerSecond", peak);
        details.put("matmulPeakBeforeAndAfter", List.of(peakBefore.flopsPerSecond(), peakAfter.flopsPerSecond()));
        details.put("trainingTokensPerCpuSecond", report.tokens() / trainingCpuSeconds);
        details.put("trainingFlopsPerCpuSecond", flopsPerCpu);
        details.put("matmulPeakFlopsPerCpuSecond", peakPerCpu);
        details.put("cpuTimeRatio", flopsPerCpu / peakPerCpu);
        details.put("lossFirst", report.firstLoss());
        details.put("lossLast", report.lastLoss());
        progress.accept(String.format(
                "training %.1f GFLOP/s (%.0f tokens/s) = %.1f%% of matmul peak %.1f GFLOP/s; per CPU second %.1f%% (%.0f tokens)",
                flops / 1e9,
                report.tokensPerSecond(),
                100 * flops / peak,
                peak / 1e9,
                100 * flopsPerCpu / peakPerCpu,
                report.tokens() / trainingCpuSeconds));
        return BenchResult.of("train-flops-fraction", flops, peak, "FLOP/s", details);
    }

    public static void main(String[] args) {
        System.out.println(run());
    }
}
