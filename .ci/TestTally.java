import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Counts the tests in the surefire and failsafe XML reports under a build directory (default {@code target}):
 * how many ran, failed and skipped, and the skips by reason. Run as {@code java .ci/TestTally.java [target]};
 * prints and exits 0, or exits 1 when there are no reports to read.
 */
public class TestTally {

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args.length > 0 ? args[0] : "target");
        List<Path> reports = reports(target.resolve("surefire-reports"), target.resolve("failsafe-reports"));
        if (reports.isEmpty()) {
            System.out.println("tests: no surefire or failsafe reports under " + target + " (did the tests run?)");
            System.exit(1);
        }
        int total = 0;
        int failed = 0;
        int errors = 0;
        Map<String, Integer> skippedBy = new TreeMap<>();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        for (Path report : reports) {
            NodeList cases = factory.newDocumentBuilder().parse(report.toFile()).getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element c = (Element) cases.item(i);
                total++;
                if (c.getElementsByTagName("failure").getLength() > 0) {
                    failed++;
                } else if (c.getElementsByTagName("error").getLength() > 0) {
                    errors++;
                } else if (c.getElementsByTagName("skipped").getLength() > 0) {
                    skippedBy.merge(reason((Element) c.getElementsByTagName("skipped").item(0)), 1, Integer::sum);
                }
            }
        }
        int skipped = skippedBy.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("tests: %d ran (%d passed, %d failed, %d errors), %d skipped, from %d reports%n",
                total - skipped, total - skipped - failed - errors, failed, errors, skipped, reports.size());
        skippedBy.forEach((reason, n) -> System.out.printf("  skipped %4d: %s%n", n, reason));
    }

    private static List<Path> reports(Path... dirs) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path dir : dirs) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).sorted().forEach(out::add);
                }
            }
        }
        return out;
    }

    /** The skip's message: the attribute (a disabled test) or the stack trace's first line without the class. */
    private static String reason(Element skipped) {
        String message = skipped.getAttribute("message");
        String text = message.isBlank() ? skipped.getTextContent() : message;
        String line = text.strip().lines().findFirst().orElse("").replaceFirst("^[\\w.$]+(Exception|Error): ", "");
        if (line.isBlank()) {
            return "(no reason given)";
        }
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
