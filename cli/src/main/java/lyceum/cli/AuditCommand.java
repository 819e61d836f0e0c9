package lyceum.cli;

import java.util.concurrent.Callable;
import lyceum.events.SampleId;
import lyceum.replay.AnswerGrader;
import lyceum.replay.SampleAudit;
import lyceum.replay.SampleAuditor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Why a sample was kept for training, or not, from the journal alone. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = {
            "Explain why a sample was accepted for training or rejected: the problem, the resample rounds and"
                    + " hints before it and why, its sampling parameters, the model that drew it and the iteration whose"
                    + " training produced that model, its extracted answer and verdict with the grader version, any"
                    + " critique or reflection of it, and the decision with its rules.",
            "SAMPLE_ID is experiment~problem~iteration~round~index, as Sampled events and exports name samples."
        })
final class AuditCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SAMPLE_ID", description = "experiment~problem~iteration~round~index")
    String sampleId;

    @Option(
            names = "--regrade",
            description = "Also grade the sample with the current grader and say whether it"
                    + " agrees with the journaled verdict.")
    boolean regrade;

    @Option(
            names = "--json",
            description =
                    "Print one JSON object: sample_id, decision, reasons, problem, hints,"
                            + " sampling, model, grading, corrections, training, explanation and chain (the events, oldest first).")
    boolean json;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        SampleId id = SampleAuditor.locate(sampleId);
        SampleAudit audit = config.readJournal(reader -> SampleAuditor.audit(
                sampleId,
                reader.problemHistory(id.experimentId(), id.problemId()),
                reader.experimentHistory(id.experimentId()),
                regrade ? AnswerGrader.current() : null));
        Json.print(json, audit, audit::render);
        return 0;
    }
}
