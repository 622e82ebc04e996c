package id.loket.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs real PHP (Debian's php-cli, {@code /usr/bin/php}, or {@code -Dloket.php=...}) for the tests
 * that compare the hub's JSON and signatures with what PHP merchant code computes. A missing PHP
 * fails the test: {@code .ci/run} installs it.
 */
public final class Php {

    public static final String BIN = System.getProperty("loket.php", "/usr/bin/php");

    private Php() {
    }

    /** Runs {@code script} (PHP source, starting with {@code <?php}) with {@code stdin}; returns its standard output. */
    public static String run(String script, String stdin) {
        if (!Files.isExecutable(Path.of(BIN))) {
            throw new AssertionError(BIN + " is missing: install Debian's php-cli (.ci/run does)");
        }
        Path file = null;
        try {
            file = Files.createTempFile("loket-php-", ".php");
            Files.writeString(file, script, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(BIN, "-d", "display_errors=stderr", file.toString()).start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("php did not finish within 60 s");
            }
            String stdout = new String(out.join(), StandardCharsets.UTF_8);
            String stderr = new String(err.join(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0 || !stderr.isBlank()) {
                throw new AssertionError("php exited " + p.exitValue() + ": " + stderr + "\n" + stdout);
            }
            return stdout;
        } catch (IOException e) {
            throw new AssertionError("php could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The UTF-8 bytes of {@code s} in hex, for handing a string to PHP without any escaping of ours. */
    public static String hex(String s) {
        return java.util.HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }
}
