package vn.ketnoi.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's must-show: the guides' code for the standalone sandbox, run verbatim against the
 * sandbox started from its runnable jar, as a user would. The command is the {@code java -jar}
 * line of getting-started.md, run from the docs module (so its {@code target/sandbox} is the one
 * the Java code reads); the Java blocks marked {@code java standalone} are compiled and their
 * {@code main} run in this JVM.
 *
 * <p>Runs in the {@code integration-test} phase (see the docs pom): the jar is made in
 * sdk-testkit's {@code package} phase. The sandbox's output, which lists its synthetic personas,
 * goes to {@code target/standalone-sandbox.out}, never to the test log the leak check scans.
 */
class GettingStartedStandaloneTest {
    private static final Path DOCS = Path.of(System.getProperty("ketnoi.docs.dir"));
    private static Process sandbox;

    @BeforeAll
    static void startTheSandboxAsTheGuideSays() throws Exception {
        List<String> command = guideCommand();
        Path jar = DOCS.getParent().resolve(command.get(2));
        assertTrue(Files.isRegularFile(jar), "no " + jar + ": the standalone jar is built by sdk-testkit's package phase");
        int port = Integer.parseInt(command.get(command.indexOf("--port") + 1));
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            fail("port " + port + ", which getting-started.md uses, is taken by another process");
        }
        List<String> jvm = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        jvm.addAll(command.subList(3, command.size()));
        Path out = DOCS.resolve("target/standalone-sandbox.out");
        Files.createDirectories(out.getParent());
        sandbox = new ProcessBuilder(jvm).directory(DOCS.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(out, StandardCharsets.UTF_8).contains("\nReady.")) {
            if (!sandbox.isAlive()) {
                fail("the standalone sandbox exited with " + sandbox.exitValue() + "; see " + out);
            }
            if (System.nanoTime() > deadline) {
                fail("the standalone sandbox did not start within 120 s; see " + out);
            }
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (sandbox != null) {
            sandbox.destroy();
            if (!sandbox.waitFor(10, TimeUnit.SECONDS)) {
                sandbox.destroyForcibly();
            }
        }
    }

    @Test
    void theGettingStartedLookupRunsAsWritten() throws Exception {
        String printed = runMain("getting-started.md", "StandaloneLookup");
        assertEquals("Citizen[idNumber=001*******45, fields=[FULL_NAME, PERMANENT_RESIDENCE]]", printed.strip());
    }

    @Test
    void theEdocumentsGuideIssuesChecksRevokesAndVerifiesOffline() throws Exception {
        String printed = runMain("e-documents.md", "StandaloneEdocuments");
        assertEquals(List.of("issued: DELIVERED", "status: DELIVERED", "verified: VALID", "status: REVOKED",
                "verified: REVOKED"), printed.strip().lines().toList());
    }

    /** The getting-started guide's {@code java -jar} line, split into words. */
    private static List<String> guideCommand() throws IOException {
        for (String line : Files.readAllLines(DOCS.resolve("getting-started.md"), StandardCharsets.UTF_8)) {
            if (line.startsWith("java -jar ")) {
                return Arrays.asList(line.strip().split("\\s+"));
            }
        }
        throw new AssertionError("getting-started.md has no java -jar line");
    }

    /** Compiles the guide's {@code java standalone} block declaring {@code type}, runs its main, returns what it printed. */
    private static String runMain(String guide, String type) throws Exception {
        Snippets.Snippet block = Snippets.read(DOCS.resolve(guide)).blocks().stream()
                .filter(s -> s.info().equals("java standalone") && s.code().contains("class " + type + " {"))
                .findFirst().orElseThrow(() -> new AssertionError(guide + " has no java standalone block " + type));
        Map<String, byte[]> classes = DocsCompileTest.compile(block);
        ClassLoader loader = new ClassLoader(GettingStartedStandaloneTest.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = classes.get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }
        };
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            java.lang.reflect.Method main = loader.loadClass(type).getMethod("main", String[].class);
            main.setAccessible(true); // the guide's class is package-private, as a reader would write it
            main.invoke(null, (Object) new String[0]);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } finally {
            System.setOut(stdout);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }
}
