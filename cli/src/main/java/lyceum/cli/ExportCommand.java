package lyceum.cli;

import java.io.Writer;
import java.util.concurrent.Callable;
import lyceum.replay.ExportFormat;
import lyceum.replay.TrainingExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** An iteration's training data for an external trainer. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Write the accepted training data of an iteration as JSON Lines for an external trainer; every record"
                    + " carries its sample_id.",
            "  alpaca    LLaMA-Factory: {instruction, input, output, sample_id}",
            "  sharegpt  LLaMA-Factory: {conversations: [{from: human, value}, {from: gpt, value}], sample_id}",
            "  trl-sft   TRL SFTTrainer: {messages: [{role: user, content}, {role: assistant, content}], sample_id}",
            "  trl-dpo   TRL DPOTrainer: {prompt, chosen, rejected, chosen_sample_id, rejected_sample_id, pair_source}",
            "DPO pairs: per problem, every critique or reflection of the iteration that turned a wrong sample into a"
                    + " right refinement gives (chosen = refinement, rejected = original) with the plain question as the"
                    + " prompt; a problem without one pairs its accepted samples with its samples rejected as incorrect,"
                    + " the i-th with the i-th in (round, index) order, each sample used once, with the accepted"
                    + " sample's training prompt.",
            "A summary goes to standard error."
        })
final class ExportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "EXPERIMENT", description = "Experiment id.")
    String experimentId;

    @Option(
            names = "--iteration",
            required = true,
            paramLabel = "N",
            description = "The iteration whose accepted" + " data to export.")
    int iteration;

    @Option(
            names = "--format",
            required = true,
            paramLabel = "FORMAT",
            description = "alpaca, sharegpt, trl-sft or trl-dpo.")
    String format;

    @Mixin
    OutputOptions output;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        ExportFormat exportFormat = ExportFormat.parse(format);
        TrainingExport.Summary summary = config.readJournal(reader -> {
            try (Writer writer = output.open()) {
                return TrainingExport.run(reader, experimentId, iteration, exportFormat, writer, System.err);
            }
        });
        System.err.printf(
                "exported %d %s record(s) of iteration %d from %d problems%s%s%n",
                summary.records(),
                exportFormat.key(),
                iteration,
                summary.problems(),
                summary.pairSources().isEmpty() ? "" : " " + summary.pairSources(),
                output.out == null ? "" : " to " + output.out);
        return 0;
    }
}
