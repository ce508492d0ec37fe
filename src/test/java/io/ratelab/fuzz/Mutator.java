package io.ratelab.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a valid input file into a damaged one, deterministically from a seed: 1 to 4 edits among deleting, repeating
 * or swapping pieces, inserting tokens that parsers trip on (YAML and JSON syntax, nulls, anchors and aliases,
 * control characters, bytes that are not UTF-8, numbers past every range, absurd rates and durations), replacing a
 * number, and cutting the file short. What a hostile or careless user, a truncated download or a bad merge would
 * hand the command line.
 */
public final class Mutator {

    private static final String[] TOKENS = {
        "null", "~", "[", "]", "{", "}", ":", ": ", ",", "\n", "\r\n", "\t", "- ", "#", "\"", "'", "&a ", "*a",
        "!!binary ", "!!str ", "!!int ", "!!map ", "<<: ", "---\n", "...\n", "? ", "|\n", ">\n", "%YAML 1.2\n",
        "-1", "0", "-0.0", "1e309", "-1e309", "NaN", "Infinity", "99999999999999999999", "9223372036854775807",
        "-9223372036854775808", "17954754341024964", "2147483648", "1000000000/s", "0/s", "1/0s", "1/ns",
        "100000/ms", "24h", "25h", "0s", "-5s", "1d", "999999999d", "1ns", "P1D", "true", "yes", "no",
        "\u0000", "\u0007", "\u007f", "\u00e9", "\u2028", "\ud83d\udca5", "\"\\u0000\"", "\"\\ud800\"",
        "token-bucket", "gcra", "concurrency", "leaky-queue", "nginx-limit-req", "schedule", "trace", "loop: true",
        "speed: 1000000", "clients: 2000000000", "replicas: 64", "store: redis", "key: header:X", "key: ip+route",
        "{path: /dev/zero}", "{path: .}", "{path: /}", "file: /dev/zero", "file: .",
        "x".repeat(300),
    };
    private static final byte[][] RAW = {{(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xfe,
        (byte) 0xff}, {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}};

    private final List<byte[]> seeds;

    /** A mutator over these valid inputs (UTF-8 text). */
    public Mutator(List<String> seedTexts) {
        this.seeds = seedTexts.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** The number of seed inputs. */
    public int seedCount() {
        return seeds.size();
    }

    /** A damaged copy of seed {@code index % seedCount()}, the edits drawn from {@code seed}. */
    public byte[] mutate(int index, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] b = seeds.get(Math.floorMod(index, seeds.size()));
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits; i++) {
            b = edit(b, r);
        }
        return b;
    }

    private static byte[] edit(byte[] b, SplittableRandom r) {
        int n = b.length;
        int at = n == 0 ? 0 : r.nextInt(n + 1);
        int len = n == 0 ? 0 : Math.min(n - Math.min(at, n), 1 + r.nextInt(Math.max(1, Math.min(64, n / 4 + 1))));
        return switch (r.nextInt(9)) {
            case 0 -> splice(b, at, len, new byte[0]);
            case 1 -> splice(b, at, 0, Arrays.copyOfRange(b, at, at + len));
            case 2, 3 -> splice(b, at, r.nextInt(3) == 0 ? len : 0,
                    TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
            case 4 -> splice(b, at, 0, RAW[r.nextInt(RAW.length)]);
            case 5 -> replaceNumber(b, r);
            case 6 -> swapLines(b, r);
            case 7 -> Arrays.copyOf(b, at);
            default -> splice(b, at, 0, new byte[]{(byte) r.nextInt(256)});
        };
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
        out.write(b, 0, at);
        out.writeBytes(insert);
        out.write(b, at + remove, b.length - at - remove);
        return out.toByteArray();
    }

    private static byte[] replaceNumber(byte[] b, SplittableRandom r) {
        List<int[]> numbers = new ArrayList<>();
        for (int i = 0; i < b.length; i++) {
            if (Character.isDigit(b[i]) && (i == 0 || !Character.isDigit(b[i - 1]))) {
                int j = i;
                while (j < b.length && (Character.isDigit(b[j]) || b[j] == '.')) {
                    j++;
                }
                numbers.add(new int[]{i, j});
            }
        }
        if (numbers.isEmpty()) {
            return b;
        }
        int[] span = numbers.get(r.nextInt(numbers.size()));
        String[] values = {"0", "-1", "1e309", "99999999999999999999", "9223372036854775807", "2147483648",
            "0.0000000001", "1000000000", "17954754341024964", "NaN", "", "1e5"};
        return splice(b, span[0], span[1] - span[0], values[r.nextInt(values.length)]
                .getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] swapLines(byte[] b, SplittableRandom r) {
        String[] lines = new String(b, StandardCharsets.ISO_8859_1).split("\n", -1);
        if (lines.length < 2) {
            return b;
        }
        int i = r.nextInt(lines.length);
        int j = r.nextInt(lines.length);
        String t = lines[i];
        lines[i] = lines[j];
        lines[j] = t;
        return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
    }
}
