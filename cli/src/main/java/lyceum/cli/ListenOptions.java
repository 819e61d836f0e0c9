package lyceum.cli;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.Option;

/** Where a server command listens and the bearer token it asks for: shared by {@code ui} and {@code serve}. */
final class ListenOptions {

    @Option(
            names = "--host",
            paramLabel = "HOST",
            defaultValue = "127.0.0.1",
            description = "Address to listen on (default ${DEFAULT-VALUE}, this machine only). Another address exposes "
                    + "it to the network: use --token-env then.")
    String host;

    @Option(
            names = "--token-env",
            paramLabel = "VAR",
            description = "Name of an environment variable holding a bearer token; every request must then carry "
                    + "`Authorization: Bearer TOKEN` or gets 401. Default: no token.")
    String tokenEnv;

    /** The token --token-env names; null without the flag. */
    String token() {
        return token(tokenEnv, "--token-env");
    }

    /** The token held by the variable a {@code flag} names; null for no flag. */
    static String token(String variable, String flag) {
        if (variable == null) {
            return null;
        }
        String token = System.getenv(variable);
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException(flag + " " + variable + ": that environment variable is not set");
        }
        return token.strip();
    }

    /** Warns when {@code what} is served beyond this machine to anyone who can reach it. */
    static void warnIfOpen(String host, String token, String what, PrintStream messages) throws UnknownHostException {
        if (token == null && !InetAddress.getByName(host).isLoopbackAddress()) {
            messages.println("warning: serving " + what + " on " + host + " without a token: anyone who can reach it"
                    + " can use it");
        }
    }
}
