package vn.ketnoi.examples.spring.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxMain;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * What keeping Jackson 2 inside the SDK costs a Boot 4.1 application whose JSON is Jackson 3
 * (docs/compatibility.md, "Jackson"). Not a test; run by hand:
 *
 * <pre>
 * mvn -B -q -pl examples-spring-boot -am test-compile
 * mvn -B -q -pl examples-spring-boot exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *     -Dexec.args="-cp %classpath vn.ketnoi.examples.spring.bench.Jackson3HostDriver --runs 5"
 * </pre>
 *
 * <ul>
 * <li>Start-up: fresh JVMs of the same Boot 4.1 web application (auto-configuration only, Tomcat,
 *     Jackson 3), alternately with the starter configured (the Ketnoi clients built, Jackson 2
 *     loaded) and without; from JVM start to the context being ready.</li>
 * <li>The Jackson 2 share of it: in a JVM where Jackson 3 is already warm, the first
 *     {@code ObjectMapper} and the first document read.</li>
 * <li>Allocation per call: bytes the calling thread allocates per population lookup (signed
 *     request, signed response, Jackson 2 inside), and per read of a 2 KB JSON document by Jackson
 *     2 and by Jackson 3: what moving the SDK to Jackson 3 could change.</li>
 * </ul>
 */
public final class Jackson3HostDriver {
    private Jackson3HostDriver() {
    }

    /** The application: Boot's auto-configuration only, with or without {@code ketnoi.*}. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int runs = args.length == 2 && args[0].equals("--runs") ? Integer.parseInt(args[1]) : 5;
        try (KetnoiSandbox sandbox = KetnoiSandbox.builder().populationSize(200).build().start()) {
            Path dir = SandboxMain.writeCredentials(sandbox, Files.createTempDirectory("ketnoi-bench"));
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(dir.resolve("ketnoi.properties"), StandardCharsets.ISO_8859_1)) {
                p.load(in);
            }
            List<String> ketnoi = new ArrayList<>();
            p.stringPropertyNames().forEach(n -> ketnoi.add("--" + n + "=" + p.getProperty(n)));
            SyntheticCitizen c = sandbox.population().anyLiving();
            launch("plain", List.of());
            launch("ketnoi", ketnoi); // one of each first, untimed: the page cache
            long[] with = new long[runs];
            long[] without = new long[runs];
            for (int i = 0; i < runs; i++) {
                with[i] = Long.parseLong(launch("ketnoi", ketnoi).get("ready"));
                without[i] = Long.parseLong(launch("plain", List.of()).get("ready"));
            }
            Arrays.sort(with);
            Arrays.sort(without);
            System.out.printf(Locale.ROOT, "start-up to ready, median of %d (min-max): with Ketnoi %d ms (%d-%d),"
                    + " without %d ms (%d-%d)%n", runs, with[runs / 2], with[0], with[runs - 1],
                    without[runs / 2], without[0], without[runs - 1]);
            System.out.println("Jackson 2 cold, Jackson 3 warm: " + launch("jackson2-cold", List.of()));
            List<String> calls = new ArrayList<>(ketnoi);
            calls.addAll(List.of("--bench.id=" + c.idNumber(), "--bench.name=" + c.fullName(),
                    "--bench.birth=" + c.birthDate()));
            System.out.println("allocation: " + launch("calls", calls));
        }
    }

    private static Map<String, String> launch(String mode, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-cp", System.getProperty("java.class.path"), Jackson3HostDriver.class.getName(),
                "child", mode));
        cmd.addAll(args);
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Map<String, String> out = new LinkedHashMap<>();
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                log.append(line).append('\n');
                if (line.startsWith("RESULT ")) {
                    String[] kv = line.substring(7).split("=", 2);
                    out.put(kv[0], kv[1]);
                }
            }
        }
        if (!proc.waitFor(5, TimeUnit.MINUTES) || proc.exitValue() != 0 || out.isEmpty()) {
            throw new IllegalStateException(mode + " run failed:\n" + log);
        }
        return out;
    }

    private static void child(String[] args) throws Exception {
        String mode = args[0];
        List<String> boot = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        // Not the portal's application.yml (also on the class path): only what the driver passes.
        boot.addAll(List.of("--spring.config.name=jackson3-host-driver", "--server.port=0", "--spring.main.banner-mode=off", "--logging.level.root=WARN"));
        if (mode.equals("jackson2-cold")) {
            jackson2Cold();
            return;
        }
        try (ConfigurableApplicationContext context = SpringApplication.run(App.class, boot.toArray(String[]::new))) {
            long ready = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            System.out.println("RESULT ready=" + ready);
            if (mode.equals("calls")) {
                calls(context);
            }
        }
    }

    private static void jackson2Cold() throws Exception {
        byte[] doc = document();
        tools.jackson.databind.json.JsonMapper json3 = tools.jackson.databind.json.JsonMapper.builder().build();
        for (int i = 0; i < 2000; i++) {
            json3.readTree(doc); // the host's Jackson 3, warm
        }
        long t0 = System.nanoTime();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(doc);
        System.out.printf(Locale.ROOT, "RESULT first ObjectMapper and read=%.1f ms%n", (System.nanoTime() - t0) / 1e6);
    }

    private static void calls(ConfigurableApplicationContext context) throws Exception {
        PopulationClient population = context.getBean(PopulationClient.class);
        var env = context.getEnvironment();
        LookupRequest lookup = LookupRequest.builder().idNumber(env.getProperty("bench.id"))
                .fullName(env.getProperty("bench.name")).birthDate(env.getProperty("bench.birth"))
                .fields(CitizenField.SEX, CitizenField.PERMANENT_RESIDENCE).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.bench")).build();
        System.out.printf(Locale.ROOT, "RESULT bytes per lookup=%d%n", perCall(2000, 2000, () -> population.lookup(lookup)));
        byte[] doc = document();
        var json2 = new com.fasterxml.jackson.databind.ObjectMapper();
        var json3 = tools.jackson.databind.json.JsonMapper.builder().build();
        System.out.printf(Locale.ROOT, "RESULT bytes per 2 KB read, Jackson 2=%d%n", perCall(20000, 20000, () -> json2.readTree(doc)));
        System.out.printf(Locale.ROOT, "RESULT bytes per 2 KB read, Jackson 3=%d%n", perCall(20000, 20000, () -> json3.readTree(doc)));
    }

    interface Call {
        void run() throws Exception;
    }

    private static long perCall(int warmups, int calls, Call call) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warmups; i++) {
            call.run();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < calls; i++) {
            call.run();
        }
        return (threads.getCurrentThreadAllocatedBytes() - before) / calls;
    }

    /** About 2 KB of JSON shaped like a citizen record: what a population answer carries. */
    private static byte[] document() {
        StringBuilder s = new StringBuilder("{\"citizen\":{\"idNumber\":\"001090000000\",\"fullName\":\"Nguyễn Văn A\","
                + "\"birthDate\":\"1990-01-01\",\"sex\":\"MALE\",\"addresses\":[");
        for (int i = 0; i < 12; i++) {
            s.append(i == 0 ? "" : ",").append("{\"kind\":\"PERMANENT\",\"province\":\"Hà Nội\",\"ward\":\"Phường ")
                    .append(i).append("\",\"line\":\"Số ").append(i).append(" phố Tràng Tiền\",\"since\":\"2010-05-0")
                    .append(i % 9 + 1).append("\"}");
        }
        return s.append("]},\"requestId\":\"0f8fad5b-d9cb-469f-a165-70867728950e\"}").toString()
                .getBytes(StandardCharsets.UTF_8);
    }
}
