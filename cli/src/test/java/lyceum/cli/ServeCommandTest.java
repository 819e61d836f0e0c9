package lyceum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
    @TempDir
    Path dataDir;

    private record Result(int exitCode, String out, String err) {}

    private static Result run(String... args) {
        CommandLine cli = Lyceum.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void helpSaysWhatIsServedWhereAndHowToProtectIt() {
        Result help = run("serve", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out())
                .contains(
                        "CHECKPOINT",
                        "/v1/completions",
                        "/v1/models",
                        "--host=HOST",
                        "default 127.0.0.1",
                        "--port=PORT",
                        "default 8000",
                        "--token-env=VAR",
                        "Authorization: Bearer",
                        "/v1/chat/completions",
                        "lyceum.serve");
    }

    @Test
    void anUnknownCheckpointIsNamedWithTheFolderSearched() {
        Result result = run("serve", "0123456789abcdef", "--data-dir", dataDir.toString(), "--port", "0");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .contains("lyceum serve: CHECKPOINT 0123456789abcdef is neither a model version under "
                        + dataDir.resolve("checkpoints"));
    }

    @Test
    void aTokenVariableThatIsNotSetIsRefused() {
        Result result = run(
                "serve",
                "0123456789abcdef",
                "--data-dir",
                dataDir.toString(),
                "--token-env",
                "LYCEUM_TEST_SURELY_UNSET_TOKEN");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .contains("--token-env LYCEUM_TEST_SURELY_UNSET_TOKEN: that environment variable is not set");
    }
}
