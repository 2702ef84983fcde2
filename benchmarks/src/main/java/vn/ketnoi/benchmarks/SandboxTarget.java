package vn.ketnoi.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxAgency;

/**
 * A running sandbox to benchmark against: either started in this JVM ({@link KetnoiSandbox}) or
 * as a separate process on loopback ({@code SandboxMain}), which keeps the server's CPU out of the
 * client's process so that each side can be measured on its own.
 */
public final class SandboxTarget implements AutoCloseable {
    /** Where the sandbox runs. */
    public enum Mode { INPROCESS, PROCESS }

    private final Mode mode;
    private final Target target;
    private final KetnoiSandbox inProcess;
    private final Process process;
    private final Path credentialsDir;
    private Path pkcs12;
    private String password;

    private SandboxTarget(Mode mode, Target target, KetnoiSandbox inProcess, Process process, Path dir) {
        this.mode = mode;
        this.target = target;
        this.inProcess = inProcess;
        this.process = process;
        this.credentialsDir = dir;
    }

    public static SandboxTarget start(String mode) {
        return start(Mode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)));
    }

    public static SandboxTarget start(Mode mode) {
        if (mode == Mode.INPROCESS) {
            KetnoiSandbox s = KetnoiSandbox.builder().build().start();
            SandboxAgency a = s.defaultAgency();
            return new SandboxTarget(mode, new Target(s.baseUri(), a.id(), a.keyId(), a.privateKey(),
                    Target.DEMO_ID, Target.DEMO_NAME, Target.DEMO_BIRTH), s, null, null);
        }
        return startProcess();
    }

    private static SandboxTarget startProcess() {
        return startProcess(512, 0);
    }

    /**
     * A sandbox process with a register of {@code populationSize} citizens (0 for the default) and
     * a heap of {@code maxHeapMiB}: a million citizens need about 1.5 GiB.
     */
    public static SandboxTarget startProcess(int maxHeapMiB, int populationSize) {
        Path dir;
        try {
            dir = Files.createTempDirectory("ketnoi-bench-sandbox");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Xmx" + maxHeapMiB + "m", "-cp",
                System.getProperty("java.class.path"), "vn.ketnoi.testkit.SandboxMain",
                "--port", "0", "--write-credentials", dir.toString()));
        if (populationSize > 0) {
            cmd.addAll(List.of("--population-size", Integer.toString(populationSize)));
        }
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start SandboxMain", e);
        }
        String base = null;
        String agency = null;
        String p12 = null;
        String alias = null;
        String password = null;
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = out.readLine()) != null) {
                String t = line.trim();
                if (t.startsWith("Ketnoi sandbox listening on ")) {
                    base = t.substring("Ketnoi sandbox listening on ".length()).trim();
                } else if (t.startsWith("agency id")) {
                    agency = afterColon(t);
                } else if (t.startsWith("key id")) {
                    String v = afterColon(t);
                    alias = v.substring(0, v.indexOf(' ')); // the PKCS#12 alias is the key id
                } else if (t.startsWith("credentials")) {
                    // credentials    : DIR (password "PASSWORD")
                    String v = afterColon(t);
                    p12 = Path.of(v.substring(0, v.indexOf(" (password"))).resolve("agency.p12").toString();
                    password = v.substring(v.indexOf('"') + 1, v.lastIndexOf('"'));
                } else if (t.startsWith("personas")) {
                    break;
                }
            }
        } catch (IOException e) {
            p.destroyForcibly();
            throw new UncheckedIOException(e);
        }
        if (base == null || agency == null || p12 == null || password == null) {
            p.destroyForcibly();
            throw new IllegalStateException("SandboxMain did not print its address and credentials");
        }
        drain(p.getInputStream());
        PrivateKey key = loadKey(Path.of(p12), password.toCharArray(), alias);
        Target t = new Target(URI.create(base), agency, alias, key, Target.DEMO_ID, Target.DEMO_NAME, Target.DEMO_BIRTH);
        SandboxTarget st = new SandboxTarget(Mode.PROCESS, t, null, p, dir);
        st.pkcs12 = Path.of(p12);
        st.password = password;
        return st;
    }

    private static String afterColon(String line) {
        return line.substring(line.indexOf(':') + 1).trim();
    }

    private static void drain(InputStream in) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            try {
                while (in.read(buf) != -1) {
                    // discard: the sandbox prints nothing we need after start-up
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "sandbox-output");
        t.setDaemon(true);
        t.start();
    }

    static PrivateKey loadKey(Path p12, char[] password, String alias) {
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return (PrivateKey) ks.getKey(alias, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the sandbox's agency key", e);
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public Mode mode() {
        return mode;
    }

    /** The agency's PKCS#12 file, when the sandbox runs as a process (for child JVMs). */
    Path pkcs12() {
        return pkcs12;
    }

    /** The PKCS#12 file's throw-away password. */
    String password() {
        return password;
    }

    public Target target() {
        return target;
    }

    /** The sandbox's process id: this JVM's own when it runs in-process. */
    public long pid() {
        return process != null ? process.pid() : ProcessHandle.current().pid();
    }

    /** The sandbox process's CPU time so far (user + system), or -1 when it runs in-process. */
    public long cpuNanos() {
        return process != null ? ProcCpu.ofPid(process.pid()) : -1;
    }

    @Override
    public void close() {
        if (inProcess != null) {
            inProcess.close();
        }
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        if (credentialsDir != null) {
            try (var files = Files.list(credentialsDir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(credentialsDir);
            } catch (IOException e) {
                // a temp directory left behind is harmless
            }
        }
    }
}
