package org.w2sg.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A text template with {@code {field}} placeholders; values are inserted verbatim (never re-expanded). */
final class Template {
    private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private Template() {}

    static List<String> fields(String template) {
        List<String> out = new ArrayList<>();
        Matcher m = FIELD.matcher(template);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    static String render(String template, Map<String, String> values) {
        Matcher m = FIELD.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) throw new IllegalStateException("template field {" + m.group(1) + "} has no value");
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
