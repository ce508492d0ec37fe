package io.ratelab.proxy.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The admin port's bearer token ({@code adminTokenFile}): a request that changes the proxy must carry
 * {@code Authorization: Bearer TOKEN}. The file holds the token alone (surrounding whitespace, such as the newline a
 * Kubernetes Secret or {@code echo} adds, is ignored): 16 to 1024 visible ASCII characters. Comparison takes the same
 * time whatever the guess. Immutable, thread-safe.
 */
public final class AdminToken {

    /** Fewer characters than this can be guessed; {@code openssl rand -hex 32} gives 64. */
    static final int MIN_LENGTH = 16;
    static final int MAX_LENGTH = 1024;

    private final byte[] expected;

    private AdminToken(byte[] expected) {
        this.expected = expected;
    }

    /**
     * Reads the token from {@code file}.
     *
     * @throws IOException {@code adminTokenFile: FILE ...} saying what is wrong (missing, not a file, empty, too short,
     *                     not visible ASCII)
     */
    public static AdminToken read(Path file) throws IOException {
        String where = "adminTokenFile: " + file;
        if (!Files.exists(file)) {
            throw new IOException(where + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(where + ": is not a regular file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_LENGTH + 64);
        } catch (IOException e) {
            throw new IOException(where + ": cannot be read (" + e.getMessage() + ")", e);
        }
        String token = new String(bytes, StandardCharsets.ISO_8859_1).strip();
        if (token.isEmpty()) {
            throw new IOException(where + ": is empty; write the token into it (e.g. openssl rand -hex 32)");
        }
        if (token.length() > MAX_LENGTH) {
            throw new IOException(where + ": the token is longer than " + MAX_LENGTH + " characters");
        }
        if (token.length() < MIN_LENGTH) {
            throw new IOException(where + ": the token has " + token.length() + " characters; use at least "
                    + MIN_LENGTH + " (e.g. openssl rand -hex 32)");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new IOException(where + ": the token may hold only visible ASCII characters (character "
                        + (i + 1) + " is not one)");
            }
        }
        return new AdminToken(token.getBytes(StandardCharsets.US_ASCII));
    }

    /** A token from its text, for tests and embedding. */
    static AdminToken of(String token) {
        return new AdminToken(token.getBytes(StandardCharsets.US_ASCII));
    }

    /** True when {@code authorization} (the header's value, or null) is {@code Bearer TOKEN} with this token. */
    boolean accepts(String authorization) {
        if (authorization == null) {
            return false;
        }
        String a = authorization.strip();
        int space = a.indexOf(' ');
        if (space < 0 || !a.substring(0, space).equalsIgnoreCase("Bearer")) {
            return false;
        }
        byte[] given = a.substring(space + 1).strip().getBytes(StandardCharsets.ISO_8859_1);
        return MessageDigest.isEqual(expected, given);
    }

    @Override
    public String toString() {
        return "admin token (" + expected.length + " characters)";
    }
}
