package vn.ketnoi.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.ProxyOptions;
import vn.ketnoi.core.credential.AgencyCredentials;

/**
 * Cold start, whole process: a fresh JVM that loads the agency key, builds a client and completes
 * its first signed, verified lookup against an already running sandbox, then exits. The driver
 * starts the sandbox as a separate process, launches {@code --runs} JVMs of each kind alternately
 * (SDK, baseline, SDK, ...) and prints the median and spread of their wall times, from process
 * start to exit.
 *
 * <pre>
 * java -cp benchmarks.jar vn.ketnoi.benchmarks.ColdStart [--runs 15]
 * </pre>
 */
public final class ColdStart {
    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            System.exit(child(args));
            return;
        }
        int runs = 15;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        try (SandboxTarget sandbox = SandboxTarget.start(SandboxTarget.Mode.PROCESS)) {
            Target t = sandbox.target();
            long[] sdk = new long[runs];
            long[] raw = new long[runs];
            // One of each first, untimed: the OS page cache, not the JVM, would otherwise decide the first run.
            launch("sdk", t, sandbox);
            launch("raw", t, sandbox);
            for (int i = 0; i < runs; i++) {
                sdk[i] = launch("sdk", t, sandbox);
                raw[i] = launch("raw", t, sandbox);
            }
            report("sdk", sdk);
            report("raw", raw);
            System.out.printf(Locale.ROOT, "cold start SDK/baseline (medians): %.2f%n",
                    (double) median(sdk) / median(raw));
        }
    }

    private static long launch(String kind, Target t, SandboxTarget sandbox) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(SandboxTarget.javaBinary(), "-cp",
                System.getProperty("java.class.path"), ColdStart.class.getName(), "child", kind,
                t.baseUri().toString(), t.agencyId(), t.keyId(), sandbox.pkcs12().toString()));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        // The password goes over stdin, not the command line.
        try (var in = p.getOutputStream()) {
            in.write((sandbox.password() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(kind + " child did not finish in 60 s");
        }
        long took = System.nanoTime() - start;
        if (p.exitValue() != 0) {
            throw new IllegalStateException(kind + " child failed with exit code " + p.exitValue());
        }
        return took;
    }

    private static int child(String[] a) throws Exception {
        String kind = a[1];
        java.net.URI base = java.net.URI.create(a[2]);
        String agency = a[3];
        String kid = a[4];
        Path p12 = Path.of(a[5]);
        char[] password = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.US_ASCII)).readLine().toCharArray();
        if (kind.equals("sdk")) {
            ClientConfig config = ClientConfig.builder().endpoint(base).agencyId(agency)
                    .credentials(AgencyCredentials.fromPkcs12(p12, password, kid, kid))
                    .proxy(ProxyOptions.none()).build();
            Target t = new Target(base, agency, kid, null, Target.DEMO_ID, Target.DEMO_NAME, Target.DEMO_BIRTH);
            try (SdkLookup sdk = new SdkLookup(t, config)) {
                return sdk.lookup().idNumber().value().equals(Target.DEMO_ID) ? 0 : 1;
            }
        }
        Target t = new Target(base, agency, kid, SandboxTarget.loadKey(p12, password, kid),
                Target.DEMO_ID, Target.DEMO_NAME, Target.DEMO_BIRTH);
        try (RawLookup raw = new RawLookup(t)) {
            return raw.lookup().idNumber().equals(Target.DEMO_ID) ? 0 : 1;
        }
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static void report(String who, long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%s: median %d ms, min %d ms, max %d ms over %d JVMs%n", who,
                s[s.length / 2] / 1_000_000, s[0] / 1_000_000, s[s.length - 1] / 1_000_000, s.length);
    }
}
