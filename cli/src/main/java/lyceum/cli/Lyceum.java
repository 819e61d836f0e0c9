package lyceum.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `lyceum` command line. */
@Command(
        name = "lyceum",
        mixinStandardHelpOptions = true,
        versionProvider = CodeVersion.Provider.class,
        description = "Event-sourced lab for LLM self-improvement experiments.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            StatusCommand.class,
            CancelCommand.class,
            MetricsCommand.class,
            ReportCommand.class,
            ReplayCommand.class,
            AuditCommand.class,
            HistoryCommand.class,
            ExportCommand.class,
            DiffCommand.class,
            NodeCommand.class,
            ServeCommand.class,
            CassandraCommand.class,
            GradeCommand.class,
            BenchCommand.class,
            UiCommand.class,
            ExportMetricsCommand.class,
        })
public final class Lyceum implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with Lyceum's error handling: a clear one-line message, no stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Lyceum());
        cli.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            commandLine.getErr().println("lyceum " + commandLine.getCommandName() + ": " + Errors.describe(error));
            org.slf4j.LoggerFactory.getLogger(Lyceum.class).debug("command failed", error);
            return 1;
        });
        return cli;
    }
}
