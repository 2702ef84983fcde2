package vn.ketnoi.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;

/**
 * Every Java block in the docs and the README compiles against the SDK as it is, and the README's
 * runnable sample runs against the sandbox. A block is the body of
 * {@code void snippet(ClientConfig config, PopulationClient population, LookupRequest request)};
 * a block that starts with {@code import}, {@code package} or a type declaration is a whole file.
 * A block that declares its own {@code ClientConfig config} (as the README's does) gets the parameter
 * under another name, so that the block reads as written.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class DocsCompileTest {
    static final String IMPORTS = String.join("\n",
            "import vn.ketnoi.core.*;",
            "import vn.ketnoi.core.audit.*;",
            "import vn.ketnoi.core.config.*;",
            "import vn.ketnoi.core.credential.*;",
            "import vn.ketnoi.core.exception.*;",
            "import vn.ketnoi.core.identity.*;",
            "import vn.ketnoi.core.logging.*;",
            "import vn.ketnoi.core.pipeline.*;",
            "import vn.ketnoi.core.tracing.*;",
            "import vn.ketnoi.population.*;",
            "import vn.ketnoi.core.exchange.*;",
            "import vn.ketnoi.exchange.*;",
            "import vn.ketnoi.civilstatus.*;",
            "import java.net.URI;",
            "import java.nio.file.Path;",
            "import java.time.*;",
            "import java.util.*;", "");

    static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("ketnoi.docs.dir")))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        docs.add(Path.of(System.getProperty("ketnoi.readme")));
        return docs;
    }

    @TestFactory
    Stream<DynamicTest> everyJavaBlockCompiles() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path doc : documents()) {
            for (Snippets.Snippet s : Snippets.read(doc).blocks()) {
                tests.add(DynamicTest.dynamicTest(s.name(), () -> compile(s)));
            }
        }
        assertFalse(tests.isEmpty(), "no Java blocks found: is ketnoi.docs.dir right?");
        return tests.stream();
    }

    @Test
    void theReadmeSampleRunsAgainstTheSandbox(KetnoiSandbox sandbox, ClientConfig config) throws Exception {
        List<Snippets.Snippet> runnable = Snippets.read(Path.of(System.getProperty("ketnoi.readme"))).blocks()
                .stream().filter(Snippets.Snippet::isRunnable).toList();
        assertEquals(1, runnable.size(), "the README should have exactly one runnable sample");
        run(runnable.get(0), sandbox, config);
    }

    @Test
    void thePopulationVerifyExampleMatchesEveryClaimOfTheDemoCitizen(KetnoiSandbox sandbox, ClientConfig config)
            throws Exception {
        Path guide = Path.of(System.getProperty("ketnoi.docs.dir"), "population.md");
        Snippets.Snippet verify = Snippets.read(guide).blocks().stream()
                .filter(s -> s.isRunnable() && s.code().contains("population.verify(check)")).findFirst()
                .orElseThrow(() -> new AssertionError("population.md's Verify example is not marked runnable"));
        // The block prints the verdicts only when a claim does not match.
        assertEquals("", run(verify, sandbox, config), "allMatch() should be true for the demo citizen");
    }

    /** Compiles a block, runs it against the sandbox, and returns what it printed. */
    static String run(Snippets.Snippet block, KetnoiSandbox sandbox, ClientConfig config) throws Exception {
        Map<String, byte[]> classes = compile(block);
        ClassLoader loader = new ClassLoader(DocsCompileTest.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = classes.get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }
        };
        Class<?> snippet = loader.loadClass(className(block));
        LookupRequest request = SampleRequests.forLivingCitizen(sandbox);
        java.io.PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (PopulationClient population = PopulationClient.create(config)) {
            System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
            Object out = snippet.getMethod("snippet", ClientConfig.class, PopulationClient.class, LookupRequest.class)
                    .invoke(snippet.getDeclaredConstructor().newInstance(), config, population, request);
            assertTrue(out == null, "snippets return nothing");
        } finally {
            System.setOut(stdout);
        }
        return printed.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String className(Snippets.Snippet s) {
        return "Snippet_" + s.file().getFileName().toString().replaceAll("[^A-Za-z0-9]", "_") + "_" + s.line();
    }

    static Map<String, byte[]> compile(Snippets.Snippet s) {
        String name = className(s);
        String source;
        if (s.isWholeFile()) {
            source = s.code();
            name = null;
        } else {
            String configParam = s.code().matches("(?s).*\\bClientConfig config\\s*=.*") ? "givenConfig" : "config";
            source = IMPORTS + "public class " + name + " {\n"
                    + "  public void snippet(ClientConfig " + configParam + ", PopulationClient population, LookupRequest request)"
                    + " throws Exception {\n" + s.code() + "\n  }\n}\n";
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, byte[]> out = new HashMap<>();
        String unit = name != null ? name : guessTypeName(s.code());
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + unit + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        StandardJavaFileManager std = compiler.getStandardFileManager(diagnostics, null, null);
        JavaFileManager fm = new ForwardingJavaFileManager<>(std) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return new ByteArrayOutputStream() {
                            @Override
                            public void close() {
                                out.put(className, toByteArray());
                            }
                        };
                    }
                };
            }
        };
        StringWriter log = new StringWriter();
        boolean ok = compiler.getTask(log, fm,
                diagnostics, List.of("-classpath", System.getProperty("java.class.path"), "-proc:none"),
                null, List.of(file)).call();
        StringBuilder problems = new StringBuilder();
        diagnostics.getDiagnostics().forEach(d -> problems.append("\n  line ")
                .append(d.getLineNumber()).append(": ").append(d.getMessage(null)));
        assertTrue(ok, "the Java block at " + s.name() + " does not compile:" + problems);
        return out;
    }

    private static String guessTypeName(String code) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?:class|record|interface|enum)\\s+([A-Za-z_][A-Za-z0-9_]*)").matcher(code);
        return m.find() ? m.group(1) : "Snippet";
    }
}
