package lyceum.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The dataset loaders on arbitrary files: each either loads, with every problem complete, or stops
 * with a {@link DatasetFormatException} naming the file and the line (and the field when one is to
 * blame). Never an exception of another kind.
 */
class DatasetLoaderPropertyTest {

    private static final FieldMapping MAPPING =
            FieldMapping.of("q", "a").withRationale("r").withDifficulty("level").withId("id");
    private static Path dir;

    @BeforeContainer
    static void createDir() throws IOException {
        dir = Files.createTempDirectory("lyceum-datasets-property");
    }

    @AfterContainer
    static void deleteDir() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Property(tries = 300)
    void customJsonlLoadsOrNamesFileLineAndField(@ForAll("customLines") List<String> lines) throws IOException {
        Path file = write("custom-data.jsonl", lines);
        assertLoadsOrFailsClearly(file, lines, f -> Datasets.loadCustom(f, MAPPING, "train"));
    }

    @Property(tries = 200)
    void bundledFormatsLoadOrNameFileLineAndField(
            @ForAll("bundledName") String name, @ForAll("bundledLines") List<String> lines) throws IOException {
        Path file = write(name + ".jsonl", lines);
        assertLoadsOrFailsClearly(file, lines, f -> Datasets.load(name, "test", f));
    }

    @Property(tries = 100)
    void arbitraryBytesLoadOrFailClearly(@ForAll("bytes") byte[] content) throws IOException {
        Path file = dir.resolve("bytes.jsonl");
        Files.write(file, content);
        Throwable error = catchThrowable(() -> Datasets.loadCustom(file, MAPPING, "train"));
        assertThat(error)
                .as("%s", error)
                .satisfiesAnyOf(
                        e -> assertThat(e).isNull(),
                        e -> assertThat(e)
                                .isInstanceOf(DatasetFormatException.class)
                                .hasMessageStartingWith("bytes.jsonl line "));
    }

    /** Found by the property above: bytes that are not UTF-8 failed without naming the line. */
    @Example
    void invalidUtf8NamesTheLine() throws IOException {
        Path file = dir.resolve("latin1.jsonl");
        Files.write(
                file,
                "{\"q\": \"ok\", \"a\": \"1\"}\n{\"q\": \"caf\u00e9\", \"a\": \"2\"}\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
        Throwable error = catchThrowable(() -> Datasets.loadCustom(file, MAPPING, "train"));
        assertThat(error)
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("latin1.jsonl line 2")
                .hasMessageContaining("UTF-8");
    }

    /** Found by the property above: a huge difficulty number became bucket -1. */
    @Example
    void hugeDifficultyKeepsAPositiveBucket() throws IOException {
        Path file = write(
                "levels.jsonl", List.of("{\"q\": \"x?\", \"a\": \"1\", \"level\": \"Level 99999999999999999999\"}"));
        assertThat(Datasets.loadCustom(file, MAPPING, "train").get(0).difficultyBucket())
                .isPositive();
    }

    private static void assertLoadsOrFailsClearly(
            Path file, List<String> lines, Function<Path, List<DatasetProblem>> load) {
        Throwable error = catchThrowable(() -> {
            List<DatasetProblem> problems = load.apply(file);
            long objects = lines.stream().filter(l -> !l.isBlank()).count();
            assertThat(problems).hasSize((int) objects);
            for (DatasetProblem p : problems) {
                assertThat(p.question()).isNotBlank();
                assertThat(p.referenceAnswer()).isNotBlank();
                assertThat(p.problemId()).isNotBlank();
                assertThat(p.difficultyBucket()).isNotNegative();
                assertThat(p.sourceLine()).isBetween(1, lines.size());
            }
        });
        if (error instanceof AssertionError a) {
            throw a;
        }
        if (error != null) {
            assertThat(error).as("%s", error).isInstanceOf(DatasetFormatException.class);
            DatasetFormatException e = (DatasetFormatException) error;
            assertThat(e.source()).isEqualTo(file.getFileName().toString());
            assertThat(e.line()).isBetween(1, lines.size());
            assertThat(e.getMessage()).startsWith(file.getFileName() + " line " + e.line());
            if (e.field() != null) {
                assertThat(e.getMessage()).contains("field \"" + e.field() + "\"");
            }
        }
    }

    private static Path write(String name, List<String> lines) {
        Path file = dir.resolve(name);
        try {
            // unpaired surrogates in the broken lines become '?', as any UTF-8 writer would write them
            Files.write(file, String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    // ---- generators --------------------------------------------------------------------------------

    /** JSON values of every kind, including the awkward ones. */
    private static Arbitrary<String> jsonValues() {
        Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(30).map(DatasetLoaderPropertyTest::jsonString);
        return Arbitraries.oneOf(
                text,
                text,
                text,
                Arbitraries.of(
                        "\"\"",
                        "\"   \"",
                        "\"#### 5\"",
                        "\"####\"",
                        "\"\\\\boxed{}\"",
                        "\"\\\\boxed{3}\"",
                        "\"a\\n#### 12\"",
                        "\"Level 3\"",
                        "\"Level 99999999999999999999\"",
                        "\"no number\"",
                        "null",
                        "true",
                        "[]",
                        "[1,2]",
                        "{}",
                        "{\"x\":1}",
                        "0",
                        "-1",
                        "3",
                        "2.5",
                        "1e400",
                        "-1e400",
                        "99999999999999999999999",
                        "1.0000000000000000000001",
                        "NaN"),
                Arbitraries.integers().between(-10, 10).map(String::valueOf));
    }

    private static Arbitrary<String> objectsWith(List<String> fields) {
        Arbitrary<String> field = Arbitraries.oneOf(
                Arbitraries.of(fields), Arbitraries.strings().alpha().ofMaxLength(4));
        Arbitrary<String> member = Combinators.combine(field, jsonValues()).as((k, v) -> jsonString(k) + ":" + v);
        Arbitrary<String> object = member.list().ofMaxSize(fields.size() + 2).map(m -> "{" + String.join(",", m) + "}");
        Arbitrary<String> broken = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                object.map(o -> o.substring(0, o.length() / 2)),
                object.map(o -> o + " trailing"),
                Arbitraries.of("", " ", "[1]", "\"text\"", "null", "{", "}", "{\"q\"}", "\u0000"));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, object), net.jqwik.api.Tuple.of(1, broken));
    }

    @Provide
    Arbitrary<List<String>> customLines() {
        return objectsWith(List.of("q", "a", "r", "level", "id"))
                .list()
                .ofMinSize(1)
                .ofMaxSize(5);
    }

    @Provide
    Arbitrary<String> bundledName() {
        return Arbitraries.of("gsm8k", "math500", "svamp");
    }

    @Provide
    Arbitrary<List<String>> bundledLines() {
        return objectsWith(List.of(
                        "question",
                        "answer",
                        "problem",
                        "solution",
                        "level",
                        "unique_id",
                        "ID",
                        "Body",
                        "Question",
                        "Equation",
                        "Answer"))
                .list()
                .ofMinSize(1)
                .ofMaxSize(4);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    }

    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
