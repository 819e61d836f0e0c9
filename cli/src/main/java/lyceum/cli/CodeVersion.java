package lyceum.cli;

import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The version of the code that runs, journaled with every experiment it starts. */
public final class CodeVersion {
    private CodeVersion() {}

    public static String current() {
        Properties properties = new Properties();
        try (InputStream in = CodeVersion.class.getResourceAsStream("/lyceum-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (Exception e) {
            // an unknown version is reported as such
        }
        return properties.getProperty("version", "unknown");
    }

    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lyceum " + current()};
        }
    }
}
