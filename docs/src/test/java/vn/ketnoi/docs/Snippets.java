package vn.ketnoi.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fenced Java blocks of a Markdown file. */
record Snippets(Path file, List<Snippet> blocks) {

    /** One ```java block: its info string, first line number and code. */
    record Snippet(Path file, int line, String info, String code) {
        boolean isWholeFile() {
            String first = code.stripLeading();
            return first.startsWith("import ") || first.startsWith("package ") || first.startsWith("class ")
                    || first.startsWith("public class ") || first.startsWith("record ")
                    || first.startsWith("interface ") || first.startsWith("public final class ");
        }

        boolean isRunnable() {
            return info.contains("runnable");
        }

        String name() {
            return file.getFileName() + ":" + line;
        }
    }

    private static final Pattern FENCE = Pattern.compile("^```(.*)$");

    static Snippets read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Snippet> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = FENCE.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String info = m.group(1).trim();
            int start = i + 1;
            StringBuilder code = new StringBuilder();
            i++;
            while (i < lines.size() && !lines.get(i).startsWith("```")) {
                code.append(lines.get(i)).append('\n');
                i++;
            }
            if (info.equals("java") || info.startsWith("java ")) {
                out.add(new Snippet(file, start + 1, info, code.toString()));
            }
        }
        return new Snippets(file, out);
    }
}
