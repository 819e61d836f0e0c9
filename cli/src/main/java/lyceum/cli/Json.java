package lyceum.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.function.Supplier;

/** Every --json output: exactly one JSON object on standard output. */
final class Json {
    static final ObjectMapper MAPPER =
            new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Json() {}

    /** With --json, {@code value} as JSON; else its {@code text}, as it is. */
    static void print(boolean json, Object value, Supplier<String> text) {
        if (json) {
            print(value);
        } else {
            System.out.print(text.get());
        }
    }

    static void print(Object value) {
        try {
            System.out.println(MAPPER.writeValueAsString(value));
            System.out.flush();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
