package org.w2sg.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a dataset file (tsv, csv, jsonl, jsonl.gz) into rows holding the card's columns. A missing column or a row
 * that cannot be read stops with the file, line and what was expected.
 */
final class TableReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String format;
    private final boolean header;
    private final List<String> columns;

    TableReader(String format, boolean header, List<String> columns) {
        this.format = format;
        this.header = header;
        this.columns = columns;
    }

    /** @param name how the file is named in ids and messages (its path relative to the data folder) */
    List<Row> read(Path file, String name) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = format.equals("jsonl.gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                     .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
            return switch (format) {
                case "tsv" -> readTsv(new BufferedReader(reader, 1 << 16), name);
                case "csv" -> readCsv(reader, name);
                case "jsonl", "jsonl.gz" -> readJsonLines(new BufferedReader(reader, 1 << 16), name);
                default -> throw new DatasetException(name + ": unsupported format '" + format + "'");
            };
        } catch (CharacterCodingException e) {
            throw new DatasetException(name + ": not valid UTF-8 text (" + e + ")", e);
        }
    }

    private List<Row> readTsv(BufferedReader in, String name) throws IOException {
        List<Row> rows = new ArrayList<>();
        long line = 0;
        int[] index = identity(columns.size());
        int width = columns.size();
        String text;
        if (header) {
            text = in.readLine();
            line++;
            if (text == null) throw new DatasetException(name + ": empty file, expected a header line");
            List<String> names = Arrays.asList(text.split("\t", -1));
            index = locate(names, name);
            width = names.size();
        }
        while ((text = in.readLine()) != null) {
            line++;
            if (text.isEmpty()) continue;
            String[] fields = text.split("\t", -1);
            if (fields.length != width) {
                throw new DatasetException(name + " line " + line + ": expected " + width
                        + " tab-separated fields, found " + fields.length + ": " + abbreviate(text));
            }
            rows.add(row(name, rows.size(), line, fields, index));
        }
        return rows;
    }

    private List<Row> readCsv(Reader in, String name) throws IOException {
        CSVFormat.Builder fmt = CSVFormat.RFC4180.builder();
        fmt = header ? fmt.setHeader().setSkipHeaderRecord(true) : fmt.setHeader(columns.toArray(String[]::new));
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder().setReader(in).setFormat(fmt.get()).get()) {
            int[] index = header ? locate(parser.getHeaderNames(), name) : identity(columns.size());
            int width = header ? parser.getHeaderNames().size() : columns.size();
            long line = header ? 2 : 1;
            try {
                for (CSVRecord rec : parser) {
                    if (rec.size() != width) {
                        throw new DatasetException(name + " line " + line + ": expected " + width
                                + " comma-separated fields, found " + rec.size());
                    }
                    String[] fields = rec.values();
                    rows.add(row(name, rows.size(), line, fields, index));
                    line = parser.getCurrentLineNumber() + 1;
                }
            } catch (UncheckedIOException e) {
                throw new DatasetException(name + " near line " + line + ": unreadable CSV ("
                        + e.getCause().getMessage() + ")", e);
            }
        } catch (IllegalArgumentException e) {
            if (e instanceof DatasetException) throw e;
            throw new DatasetException(name + ": unreadable CSV header (" + e.getMessage() + ")", e);
        }
        return rows;
    }

    private List<Row> readJsonLines(BufferedReader in, String name) throws IOException {
        List<Row> rows = new ArrayList<>();
        long line = 0;
        String text;
        while ((text = in.readLine()) != null) {
            line++;
            if (text.isBlank()) continue;
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new DatasetException(name + " line " + line + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
            }
            if (node == null || !node.isObject()) {
                throw new DatasetException(name + " line " + line + ": expected a JSON object, got " + abbreviate(text));
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (String c : columns) {
                JsonNode v = node.get(c);
                if (v == null || v.isNull()) {
                    throw new DatasetException(name + " line " + line + ": missing column '" + c
                            + "' (the object has " + fieldNames(node) + ")");
                }
                if (!v.isValueNode()) {
                    throw new DatasetException(name + " line " + line + ": column '" + c + "' is not a string or number");
                }
                values.put(c, v.asText());
            }
            rows.add(new Row(name, rows.size(), line, values));
        }
        return rows;
    }

    private int[] locate(List<String> names, String file) {
        int[] index = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            index[i] = names.indexOf(columns.get(i));
            if (index[i] < 0) {
                throw new DatasetException(file + ": missing column '" + columns.get(i) + "' (the header has "
                        + names + ")");
            }
        }
        return index;
    }

    private Row row(String file, int i, long line, String[] fields, int[] index) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int c = 0; c < columns.size(); c++) values.put(columns.get(c), fields[index[c]]);
        return new Row(file, i, line, values);
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
