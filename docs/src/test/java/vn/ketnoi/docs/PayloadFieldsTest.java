package vn.ketnoi.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.vneid.edocuments.DocumentPayload;
import vn.ketnoi.vneid.edocuments.DocumentType;

/**
 * e-documents.md's "Payload fields" tables against the code: every built-in type has a table; a
 * table lists exactly its builder's methods with their parameter types; the examples build a valid
 * payload (by reflection, from the table alone) whose wire fields are the ones documented.
 */
class PayloadFieldsTest {
    private static final Path GUIDE = Path.of(System.getProperty("ketnoi.docs.dir"), "e-documents.md");
    private static final Pattern HEADING = Pattern.compile("^### `([A-Za-z]+)`$");
    private static final Pattern WIRE_TYPE = Pattern.compile("^Wire type `([A-Z_]+)`\\.$");
    private static final Pattern ROW = Pattern.compile(
            "^\\| `(\\w+)` \\| `(\\w+)` \\| `([\\w.]+)` \\| ([^|]+) \\| ([^|]+) \\| `([^`]*)` \\|$");

    record Row(String method, String wireField, String type, String required, String example) {
    }

    record Table(String className, String wireType, List<Row> rows) {
    }

    private static Map<String, Table> tables() throws Exception {
        Map<String, Table> tables = new LinkedHashMap<>();
        boolean inSection = false;
        String current = null;
        String wireType = null;
        List<Row> rows = null;
        for (String line : Files.readAllLines(GUIDE, StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Payload fields");
                continue;
            }
            if (!inSection) {
                continue;
            }
            Matcher h = HEADING.matcher(line);
            Matcher w = WIRE_TYPE.matcher(line);
            Matcher r = ROW.matcher(line);
            if (h.matches()) {
                current = h.group(1);
                rows = new ArrayList<>();
                wireType = null;
            } else if (w.matches()) {
                wireType = w.group(1);
            } else if (r.matches() && current != null) {
                rows.add(new Row(r.group(1), r.group(2), r.group(3), r.group(4).strip(), r.group(6)));
                tables.put(current, new Table(current, wireType, rows));
            } else if (line.startsWith("| `")) {
                throw new AssertionError("a row of the " + current + " table does not have the table's form: " + line);
            }
        }
        return tables;
    }

    @Test
    void everyBuiltInTypeHasATable() throws Exception {
        Set<String> documented = new TreeSet<>();
        tables().values().forEach(t -> documented.add(t.wireType()));
        Set<String> builtIn = new TreeSet<>();
        DocumentType.builtIn().forEach(t -> builtIn.add(t.wireName()));
        assertEquals(builtIn, documented);
    }

    @Test
    void eachTableListsExactlyItsBuildersMethodsAndTheirTypes() throws Exception {
        for (Table t : tables().values()) {
            Class<?> builder = builderOf(t).getClass();
            Map<String, String> inCode = new LinkedHashMap<>();
            for (Method m : builder.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !m.getName().equals("build")) {
                    assertEquals(1, m.getParameterCount(), t.className() + "." + m.getName());
                    inCode.put(m.getName(), typeName(m));
                }
            }
            Map<String, String> inDocs = new LinkedHashMap<>();
            t.rows().forEach(r -> inDocs.put(r.method(), r.type()));
            assertEquals(new TreeSet<>(inCode.entrySet().stream().map(Object::toString).toList()),
                    new TreeSet<>(inDocs.entrySet().stream().map(Object::toString).toList()),
                    t.className() + ": builder methods and parameter types");
        }
    }

    @Test
    void theExamplesBuildAPayloadWithTheDocumentedWireFields() throws Exception {
        for (Table t : tables().values()) {
            Object builder = builderOf(t);
            for (Row r : t.rows()) {
                Method m = methodNamed(builder.getClass(), r.method());
                m.invoke(builder, parse(r.example(), m.getParameterTypes()[0]));
            }
            DocumentPayload payload = (DocumentPayload) builder.getClass().getMethod("build").invoke(builder);
            assertEquals(t.wireType(), payload.type().wireName(), t.className());
            Set<String> wire = new LinkedHashSet<>();
            t.rows().forEach(r -> wire.add(r.wireField()));
            assertEquals(new TreeSet<>(wire), new TreeSet<>(payload.fields().keySet()), t.className() + ": wire fields");
        }
    }

    @Test
    void aRequiredFieldLeftOutIsRefusedNamingIt() throws Exception {
        for (Table t : tables().values()) {
            for (Row left : t.rows()) {
                if (!left.required().equals("yes")) {
                    continue;
                }
                Object builder = builderOf(t);
                for (Row r : t.rows()) {
                    if (r != left) {
                        Method m = methodNamed(builder.getClass(), r.method());
                        m.invoke(builder, parse(r.example(), m.getParameterTypes()[0]));
                    }
                }
                try {
                    builder.getClass().getMethod("build").invoke(builder);
                    throw new AssertionError(t.className() + " built without " + left.method() + ", documented as required");
                } catch (java.lang.reflect.InvocationTargetException e) {
                    assertTrue(e.getCause() instanceof vn.ketnoi.core.exception.InvalidInputException iie
                            && iie.field().equals("payload." + left.wireField()),
                            t.className() + " without " + left.method() + ": " + e.getCause());
                }
            }
        }
    }

    private static Object builderOf(Table t) throws Exception {
        return Class.forName("vn.ketnoi.vneid.edocuments." + t.className()).getMethod("builder").invoke(null);
    }

    private static Method methodNamed(Class<?> type, String name) {
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals(name) && Modifier.isPublic(m.getModifiers())) {
                m.setAccessible(true);
                return m;
            }
        }
        throw new AssertionError(type.getName() + " has no method " + name);
    }

    private static String typeName(Method m) {
        Class<?> p = m.getParameterTypes()[0];
        return m.isVarArgs() ? p.getComponentType().getSimpleName() + "..." : p.getSimpleName();
    }

    private static Object parse(String example, Class<?> type) {
        if (type == String.class) {
            return example;
        }
        if (type == String[].class) {
            return example.split(",\\s*");
        }
        if (type == LocalDate.class) {
            return LocalDate.parse(example);
        }
        if (type == int.class) {
            return Integer.parseInt(example);
        }
        if (type == boolean.class) {
            return Boolean.parseBoolean(example);
        }
        if (type == PersonalIdNumber.class) {
            return PersonalIdNumber.parse(example);
        }
        throw new AssertionError("no example parser for " + type);
    }
}
