package lyceum.dashboard;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's headless Chromium as the page tests run it (the saved report here, the live dashboard in the command
 * line's tests): where it is and the flags every run needs. Shared through this module's test jar.
 */
public final class HeadlessChromium {

    private static final List<Path> PLACES =
            List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"));

    private HeadlessChromium() {}

    /**
     * The command that runs headless Chromium on a profile of its own in {@code profile}, followed by
     * {@code args}; fails the test, saying how to install it, when Chromium is not there to test {@code what}.
     */
    public static List<String> command(String what, Path profile, String... args) {
        Path binary = PLACES.stream()
                .filter(Files::isExecutable)
                .findFirst()
                .orElseGet(() -> fail("Chromium is needed to test " + what + " and was not found at " + PLACES
                        + "; install it with `apt-get install -y chromium`"));
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        return command;
    }
}
