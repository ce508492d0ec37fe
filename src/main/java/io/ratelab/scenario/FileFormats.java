package io.ratelab.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.ratelab.traffic.ReadableFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The JSON and YAML mappers every RateLab file goes through: strict (unknown keys fail, numbers are not coerced from
 * floats to ints), human units via {@link LimitModule}, absent values omitted on write.
 * Mappers are thread-safe once built; these are shared.
 */
public final class FileFormats {

    private static final ObjectMapper JSON = configure(JsonMapper.builder().build());
    private static final ObjectMapper YAML = configure(YAMLMapper.builder(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build()).build());

    private FileFormats() {
    }

    public static ObjectMapper json() {
        return JSON;
    }

    public static ObjectMapper yaml() {
        return YAML;
    }

    /** YAML for {@code .yaml}/{@code .yml}, JSON otherwise. */
    public static ObjectMapper forPath(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : JSON;
    }

    /**
     * The longest line a YAML text may have. SnakeYAML's scanner slows down sharply on long lines (a 1 MB value on
     * one line took 5 s and 700 MB to read), and no RateLab file needs more than a few hundred characters per line.
     */
    public static final int MAX_YAML_LINE = 16_384;

    /**
     * The first line of {@code text} longer than {@link #MAX_YAML_LINE} when {@code mapper} reads YAML, else 0.
     * JSON has no such limit (its parser is linear).
     */
    public static int overlongYamlLine(String text, ObjectMapper mapper) {
        if (mapper != YAML) {
            return 0;
        }
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - start > MAX_YAML_LINE) {
                    return line;
                }
                line++;
                start = i + 1;
            }
        }
        return 0;
    }

    /** The problem to report for {@link #overlongYamlLine}. */
    public static String overlongLineProblem() {
        return "the line is longer than " + MAX_YAML_LINE + " characters; write long values over several lines, or"
                + " use JSON";
    }

    private static final String[][] PLAIN = {
        // where: Jackson's location inside a message, without its source description
        {"\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2"},
        {"\\[Source: [^\\]]*?; line: (\\d+)\\]", "line $1"},
        {"\\(for (Array|Object|root) starting at line", "(for the $1 that starts at line"},
        {": enable `[^`]*` to allow", ""},
        {",? from `[^`]*`", ""},
        {"\\(but could if coercion was enabled using `CoercionConfig`\\)", ""},
        {"Cannot coerce empty String \\(\"\"\\) to `?[A-Za-z.]*?([A-Za-z]+)`? value",
            "is empty; a value is needed here"},
        {"Cannot coerce Floating-point value \\(([^)]*)\\) to `?(?:java\\.lang\\.)?(Integer|Long)`? value",
            "expected a whole number, got $1"},
        {"Cannot coerce ([A-Za-z-]+) value \\(([^)]*)\\) to `?[A-Za-z.]*?([A-Za-z]+)`? value", "$2 is not a $3 value"},
        {"not a valid `?(?:java\\.lang\\.)?(?:Integer|Long)`? value", "not a whole number"},
        {"not a valid `?(?:java\\.lang\\.)?(?:Double|Float)`? value", "not a number"},
        {"not a valid `?(?:java\\.lang\\.)?Boolean`? value", "not true or false"},
        {"`(?:java\\.[a-z]+\\.|io\\.ratelab\\.[a-z.]+\\.|com\\.fasterxml\\.[a-z.]+\\.)?([A-Za-z$]+)`", "$1"},
    };

    /**
     * Jackson's message in plain words: its locations, the names of its own classes and features, and Java type names
     * replaced by what a file's author can act on ({@code not a whole number}, {@code line 3, column 7}). One line.
     */
    public static String plainMessage(String message) {
        String m = message == null ? "unreadable" : message.strip();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        for (String[] rule : PLAIN) {
            m = m.replaceAll(rule[0], rule[1]);
        }
        return m.replaceAll("\\s+", " ").strip();
    }

    /**
     * {@code text} with its control characters written as escapes ({@code \n}, {@code \t}, {@code \x07}), so that a
     * message quoting a user's key or value stays on one line and shows what is there.
     */
    public static String visible(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < ' ' || c == 0x7f || c == '\u2028' || c == '\u2029') {
                if (b == null) {
                    b = new StringBuilder(text.length() + 8).append(text, 0, i);
                }
                b.append(switch (c) {
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    default -> String.format(Locale.ROOT, "\\x%02x", (int) c);
                });
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? text : b.toString();
    }

    /**
     * A binding failure as {@code {field, problem}} in the file's words: the field to add to the exception's path (may
     * be empty) and what is wrong, what is allowed (unknown keys list the known ones). What scenario and config
     * errors say.
     */
    public static String[] fieldAndProblem(com.fasterxml.jackson.databind.JsonMappingException e) {
        return ScenarioErrors.describe(e);
    }

    /** YAML when the text does not start like JSON; YAML is a superset, this only picks the better error messages. */
    public static ObjectMapper forText(String text) {
        String t = text.stripLeading();
        return t.startsWith("{") || t.startsWith("[") ? JSON : YAML;
    }

    /**
     * Reads a text file strictly: it must be a regular file of at most {@code maxBytes} and valid UTF-8.
     *
     * @param what what the file holds, for messages ({@code a scenario file})
     * @throws UnreadableText {@code FILE: ...} or {@code FILE, line N: ...} saying what is wrong, in one line
     */
    public static String readText(Path file, String what, long maxBytes) throws UnreadableText {
        String problem = ReadableFile.problem(file, what, maxBytes);
        if (problem != null) {
            throw new UnreadableText(file.toString(), 0, problem, null);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            throw new UnreadableText(file.toString(), 0, "cannot be read (" + e.getMessage() + ")", e);
        }
        if (bytes.length > maxBytes) {
            throw new UnreadableText(file.toString(), 0, "grew past " + maxBytes + " bytes while being read", null);
        }
        return decodeUtf8(bytes, file.toString());
    }

    /** A text file that cannot be read as text: its name, the line when known (else 0), and the problem. */
    public static final class UnreadableText extends IOException {

        private final String file;
        private final int line;
        private final String problem;

        UnreadableText(String file, int line, String problem, Throwable cause) {
            super(file + (line > 0 ? ", line " + line : "") + ": " + problem, cause);
            this.file = file;
            this.line = line;
            this.problem = problem;
        }

        public String file() {
            return file;
        }

        /** 1-based, or 0 when the problem is the whole file's. */
        public int line() {
            return line;
        }

        public String problem() {
            return problem;
        }
    }

    /** Decodes UTF-8, naming the line and byte of the first malformed sequence. */
    static String decodeUtf8(byte[] bytes, String source) throws UnreadableText {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new UnreadableText(source, line, String.format(Locale.ROOT, "is not UTF-8 text (byte 0x%02X at"
                    + " offset %d); save the file as UTF-8", bytes[at] & 0xff, at), null);
        }
        out.flip();
        return out.toString();
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        mapper.setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
        return mapper.registerModule(new LimitModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }
}
