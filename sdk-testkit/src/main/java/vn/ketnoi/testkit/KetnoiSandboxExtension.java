package vn.ketnoi.testkit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import vn.ketnoi.core.ClientConfig;

/**
 * JUnit 5 extension that hands tests a running sandbox and clients configured for it.
 *
 * <pre>{@code
 * @ExtendWith(KetnoiSandboxExtension.class)
 * class MyTest {
 *     @Test
 *     void lookup(KetnoiSandbox sandbox, PopulationClient population) { ... }
 * }
 * }</pre>
 *
 * <p>Parameters it resolves: {@link KetnoiSandbox} (one per test class, started before the first
 * test that asks for it and stopped after the class), {@link ClientConfig} (the sandbox's default
 * agency), and any Ketnoi client type with a {@code public static create(ClientConfig)} factory,
 * such as {@code PopulationClient}: built for the test and closed after it.
 *
 * <p>With the system property {@value SandboxTopology#PROPERTY} set to {@code gateway} or
 * {@code gateway-chain}, the sandbox is started with one gateway (or a chain of two) in front of
 * it, and the configuration and clients it hands out go through them
 * ({@link SandboxClients#configFor(KetnoiSandbox)}): the same tests then show that the SDK works
 * through the exchange layer.
 */
// CloseableResource is deprecated from JUnit 5.13 on, but users may run older Jupiter versions,
// where only CloseableResource values are closed with the store: keep it until 5.13 is the floor.
@SuppressWarnings("deprecation")
public final class KetnoiSandboxExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KetnoiSandboxExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext context) {
        Class<?> type = p.getParameter().getType();
        return type == KetnoiSandbox.class || type == ClientConfig.class || factoryOf(type) != null;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext context) {
        Class<?> type = p.getParameter().getType();
        KetnoiSandbox sandbox = sandbox(context);
        if (type == KetnoiSandbox.class) {
            return sandbox;
        }
        ClientConfig config = SandboxClients.configFor(sandbox);
        if (type == ClientConfig.class) {
            return config;
        }
        try {
            Object client = factoryOf(type).invoke(null, config);
            if (client instanceof AutoCloseable closeable) {
                // Closed when the test method (or class, for constructor parameters) ends.
                context.getStore(NS).put(new Object(), (ExtensionContext.Store.CloseableResource) closeable::close);
            }
            return client;
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new ParameterResolutionException("cannot create " + type.getName() + " for the sandbox", e);
        }
    }

    private static KetnoiSandbox sandbox(ExtensionContext context) {
        ExtensionContext classContext = context.getTestClass().isPresent() && context.getTestMethod().isPresent()
                ? context.getParent().orElse(context) : context;
        return classContext.getStore(NS).getOrComputeIfAbsent("sandbox", k -> new StartedSandbox(), StartedSandbox.class)
                .sandbox;
    }

    private static Method factoryOf(Class<?> type) {
        if (!type.getName().startsWith("vn.ketnoi.")) {
            return null;
        }
        try {
            Method m = type.getMethod("create", ClientConfig.class);
            return Modifier.isStatic(m.getModifiers()) && type.isAssignableFrom(m.getReturnType()) ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** Stops the sandbox when JUnit closes the store. */
    private static final class StartedSandbox implements ExtensionContext.Store.CloseableResource {
        final KetnoiSandbox sandbox = KetnoiSandbox.builder().build().start();

        StartedSandbox() {
            // Once per sandbox, before the first test: the gateways of the run's topology (closed with it).
            sandbox.gateways(SandboxTopology.current());
        }

        @Override
        public void close() {
            sandbox.close();
        }
    }
}
